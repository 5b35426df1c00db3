from setuptools import find_packages, setup

from jxc_app import __version__

with open("requirements.txt") as requirements:
	install_requires = [line.strip() for line in requirements if line.strip() and not line.startswith("#")]

setup(
	name="jxc_app",
	version=__version__,
	description="进销存 (purchase, sales and inventory) for ERPNext v15 and v16",
	author="jxc_app contributors",
	author_email="dev@jxc-app.example.com",
	license="GPL-3.0-or-later",
	packages=find_packages(exclude=("tests", "tests.*")),
	zip_safe=False,
	include_package_data=True,
	python_requires=">=3.10",
	install_requires=install_requires,
)
