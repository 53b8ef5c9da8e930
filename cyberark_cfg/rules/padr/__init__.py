"""padr.ini rules (PADR codes): the DR service's switches and replication position."""
