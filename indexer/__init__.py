"""From clauses to what is queried: search index, lineage links, citations.

Built on the clause store of ``corpus``; see the search, lineage and citation
issues for what comes here.
"""
