"""dbparm.ini rules (DBPARM codes): the DR and backup settings of the vault server."""
