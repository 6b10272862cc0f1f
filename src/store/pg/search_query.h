// TranslateSearchQuery turns a query in the store's full-text syntax — FTS5's,
// as SearchIndex accepts it on SQLite — into the text of a PostgreSQL tsquery,
// to bind to to_tsquery('pm_search', ?) (migrations/postgres/0007_memory.sql):
//
//   auth token           all words occur            'auth' & 'token'
//   "auth token"         the words in a row         'auth' <-> 'token'
//   auth*                words beginning so         'auth':*
//   a OR b, a AND b      either, both               'a' | 'b', 'a' & 'b'
//   a NOT b              a and not b                'a' & !'b'
//   (a OR b) c           grouping                   ( 'a' | 'b' ) & 'c'
//   NEAR(a b, 3)         a and b at most 3 words apart, either order
//
// Precedence as in FTS5, tightest first: words side by side, NOT, AND, OR.
// Words split where the index splits them (ASCII punctuation, see pm_fts_text),
// so "src/store" is the phrase src <-> store and get_next_task the phrase get
// <-> next <-> task. A query it cannot translate throws pm::UserError naming the
// problem, with kSearchSyntaxHint: unbalanced quotes or parentheses, an
// operator without an operand, column filters (name:), ^, punctuation outside
// quotes, NEAR over phrases or more than two words. Pure function.
#pragma once

#include <string>
#include <string_view>

namespace pm::store::pg {

inline constexpr const char* kSearchSyntaxHint =
    "Search syntax: words (all must occur), \"an exact phrase\", prefix* (e.g. auth*), a OR b, "
    "a NOT b, NEAR(a b). Put words with punctuation (- . : / @) in double quotes; column "
    "filters (name:) are not supported.";

std::string TranslateSearchQuery(std::string_view query);

}  // namespace pm::store::pg
