"""People pages: `credentials` (staff cards with logins, slips, the issuance log, blocking) and
`records` (search, pupils' and parents' records, staff records)."""
