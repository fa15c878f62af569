// SearchTerms: the keyword index of job postings, portable to SQLite and PostgreSQL (a token
// table, jobs_terms(term, posting_id), instead of FTS5 or pg_trgm). Text is cut into terms:
// runs of Latin letters and digits become lower-case words; Chinese (and other non-Latin)
// characters become single characters and overlapping pairs (bigrams), so "软件工程师"
// indexes 软 件 工 程 师 软件 件工 工程 程师. A query is cut the same way except that a run of
// two or more CJK characters gives only its bigrams: every query term must be a term of the
// posting.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ow::jobs {

// The distinct terms of a posting's text (at most `max_terms`).
std::vector<std::string> IndexTerms(std::string_view text, size_t max_terms = 600);
// The distinct terms a query must match (at most 8; the rest are ignored).
std::vector<std::string> QueryTerms(std::string_view query);

}  // namespace ow::jobs
