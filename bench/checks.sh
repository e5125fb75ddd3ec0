# Sourced by bench/run: the answers the server must give, computed by the database itself
# (sqlite3 or psql), never by the server's code. Uses BACKEND, QUERY*, STEMS, DEPARTEMENT,
# COMMON_*, LIEU, RAYON, LAT, LON and TODAY from bench/run.

# Runs one SQL statement on the database $1 (a SQLite file or a PostgreSQL URL) and prints its
# rows, columns separated by |. The same SQL serves both: only portable functions are used.
sql() {
  if [ "$BACKEND" = sqlite ]; then
    sqlite3 -cmd ".timeout 10000" "$1" "$2"
  else
    psql -XAtq -v ON_ERROR_STOP=1 "$1" -c "$2"
  fi
}

# Body of GET $1, failing the run unless the status is 200.
fetch() {
  local body status
  body=$(curl -s --max-time 60 -w '\n%{http_code}' "$1") || die "no answer from $1"
  status=${body##*$'\n'}
  [ "$status" = 200 ] || die "GET $1 answered $status instead of 200"
  printf '%s' "${body%$'\n'*}"
}

# The "total" of a JSON answer of the API.
total_of() { grep -o '"total":[0-9]*' <<<"$1" | head -1 | cut -d: -f2; }

# What is open on the board: published, and its deadline (a Paris date) not passed.
OPEN="status = 'publiee' AND deadline >= '$TODAY'"

# The slugs of the open offers of $DEPARTEMENT whose stored stems hold every stem of the query:
# what the search must find, computed without the full-text index.
expected_slugs() {
  local where="$OPEN AND departement_code = '$DEPARTEMENT'"
  for stem in $STEMS; do
    where+=" AND (' ' || search_title || ' ' || search_body || ' ') LIKE '% $stem %'"
  done
  sql "$1" "SELECT slug FROM fiches WHERE $where ORDER BY slug"
}

# The number of open offers within $RAYON km of ($LAT, $LON), by great-circle distance computed
# with the database's own trigonometry, independently of the server's Rust haversine.
expected_near() {
  sql "$1" "SELECT COUNT(*) FROM fiches WHERE $OPEN AND lat IS NOT NULL
    AND 2 * 6371.0088 * asin(sqrt(pow(sin(radians(lat / 1e6 - $LAT) / 2), 2)
      + cos(radians($LAT)) * cos(radians(lat / 1e6)) * pow(sin(radians(lon / 1e6 - $LON) / 2), 2))) <= $RAYON"
}

# Checks the search around a place: its total against the database, its first page nearest
# first and within the radius, and the page's count.
check_near() {
  local db=$1 base=$2 count api total distances html
  count=$(expected_near "$db")
  [ "$count" -gt 0 ] || die "no open offer within $RAYON km of $LIEU: pick another place"
  api=$(fetch "$base/api/v1/offres?lieu=$LIEU&rayon=$RAYON")
  total=$(total_of "$api")
  [ "$total" = "$count" ] || die "the API finds $total offers within $RAYON km of $LIEU, the database $count"
  distances=$(grep -o '"distance_km":[0-9.]*' <<<"$api" | cut -d: -f2)
  [ "$(grep -c . <<<"$distances")" = "$(( count < 20 ? count : 20 ))" ] || die "the near search's first page is not full"
  sort -g -c <<<"$distances" || die "the near search is not nearest first"
  awk -v r="$RAYON" '$1 > r { exit 1 }' <<<"$distances" || die "the near search returns offers beyond $RAYON km"
  html=$(fetch "$base/offres?lieu=$LIEU&rayon=$RAYON")
  grep -q ">$count offre" <<<"$html" || die "the near search page does not announce $count offre(s)"
}

# Checks the search and the offer page against the database; sets OFFER_PATH.
check_responses() {
  local db=$1 base=$2 expected api total slugs html offer count
  [ "$(fetch "$base/healthz")" = ok ] || die "/healthz does not say ok"
  expected=$(expected_slugs "$db")
  count=$(grep -c . <<<"$expected" || true)
  [ "$count" -gt 0 ] || die "no offer in the database matches « $QUERY » in $DEPARTEMENT: pick another query"

  api=$(fetch "$base/api/v1/offres?q=$QUERY_URL&departement=$DEPARTEMENT")
  total=$(total_of "$api")
  [ "$total" = "$count" ] || die "the API finds $total offers for « $QUERY » in $DEPARTEMENT, the database $count"
  slugs=$(grep -o '"slug":"[^"]*"' <<<"$api" | cut -d'"' -f4)
  [ "$(grep -c . <<<"$slugs")" = "$(( count < 20 ? count : 20 ))" ] || die "the API's first page is not full"
  while read -r slug; do
    grep -qxF "$slug" <<<"$expected" || die "the API returns $slug, which does not match « $QUERY » in $DEPARTEMENT"
  done <<<"$slugs"
  [ "$(grep -o '"departement":{"code":"[^"]*"' <<<"$api" | sort -u)" = "\"departement\":{\"code\":\"$DEPARTEMENT\"" ] \
    || die "the API returns offers outside département $DEPARTEMENT"

  html=$(fetch "$base/offres?q=$QUERY_URL&departement=$DEPARTEMENT")
  grep -q ">$count offre" <<<"$html" || die "the search page does not announce $count offre(s)"
  grep -qF "/offres/$(head -1 <<<"$slugs")\"" <<<"$html" || die "the search page does not list the API's first offer"

  # The common word: the total must be what the stored stems say.
  count=$(sql "$db" "SELECT COUNT(*) FROM fiches WHERE $OPEN
    AND (' ' || search_title || ' ' || search_body || ' ') LIKE '% $COMMON_STEM %'")
  total=$(total_of "$(fetch "$base/api/v1/offres?q=$COMMON_URL")")
  [ "$total" = "$count" ] || die "the API finds $total offers for « $COMMON_URL », the database $count"

  # The public statistics count every published offer by region and year.
  grep -q 'emploi publiées' <<<"$(fetch "$base/statistiques")" || die "/statistiques lacks its offers table"
  OFFER_PATH="/offres/$(head -1 <<<"$slugs")"
  offer=$(fetch "$base$OFFER_PATH")
  grep -q '<script type="application/ld+json">' <<<"$offer" || die "$OFFER_PATH lacks its JobPosting markup"
  grep -q '<h1>' <<<"$offer" || die "$OFFER_PATH has no title"
}
