"""销售退换货 (Sales Return Request): the request and its lines (``lifecycle``), what each line
claims on its delivered line (``claims``), the ERPNext documents it makes (``documents``) and the
whitelisted actions (``api``)."""
