# Sourced by bench/run: how long a publication takes to reach the next search, on the instance
# that serves the bench and on a second one started on the same database.

FRESH_ROUNDS=${BENCH_FRESH_ROUNDS:-3}

# The open offers of département $2 as the API of $1 counts them.
open_in() { total_of "$(fetch "$1/api/v1/offres?departement=$2")"; }

# Asks $1 until it counts $3 open offers in département $2; prints the ms since $4 and how many
# answers, all asked after the commit, still missed it (0 when the next search saw it).
wait_counted() {
  local missed=0
  until [ "$(open_in "$1" "$2")" = "$3" ]; do
    [ $(( $(now_ms) - $4 )) -lt 60000 ] || return 1
    missed=$(( missed + 1 ))
  done
  echo "$(( $(now_ms) - $4 )) $missed"
}

# Reopens closed synthetic offers one at a time by a commit made outside both servers (the
# database's triggers raise the board's version, as any writer's commit does), then asks both
# instances, in turn, until each counts one more open offer in that département. Sets
# FRESH_MAX (ms, the slowest instance of the slowest round) and FRESH_ALL (every measure).
# The servers are never told: they learn of the change as another instance's commit.
measure_publication() {
  local db=$1 a=$2 b=$3 round slug dep before t0 ms seen_a seen_b missed_a missed_b deadline poll_a poll_b
  deadline=$(date -u -d "$TODAY + 30 days" +%F)
  FRESH_MAX=0
  FRESH_ALL=()
  for round in $(seq "$FRESH_ROUNDS"); do
    slug=$(sql "$db" "SELECT slug FROM fiches WHERE status = 'close' ORDER BY slug LIMIT 1")
    [ -n "$slug" ] || die "no closed offer left to reopen"
    dep=$(sql "$db" "SELECT departement_code FROM fiches WHERE slug = '$slug'")
    before=$(sql "$db" "SELECT COUNT(*) FROM fiches WHERE $OPEN AND departement_code = '$dep'")
    # Both instances must be current before the commit, or the wait would measure an older one.
    [ "$(open_in "$a" "$dep")" = "$before" ] || die "the first instance does not count the $before open offers of $dep"
    [ "$(open_in "$b" "$dep")" = "$before" ] || die "the second instance does not count the $before open offers of $dep"
    sql "$db" "UPDATE fiches SET status = 'publiee', deadline = '$deadline' WHERE slug = '$slug'" >/dev/null
    t0=$(now_ms)
    # Both instances are asked at the same time, each by its own loop, so neither waits for
    # the other's answers.
    wait_counted "$b" "$dep" $(( before + 1 )) "$t0" >"$TMP/fresh-b" &
    poll_b=$!
    wait_counted "$a" "$dep" $(( before + 1 )) "$t0" >"$TMP/fresh-a" &
    poll_a=$!
    wait "$poll_a" || die "$slug reopened in $dep is not counted by the first instance after 60 s"
    wait "$poll_b" || die "$slug reopened in $dep is not counted by the second instance after 60 s"
    read -r seen_a missed_a <"$TMP/fresh-a"
    read -r seen_b missed_b <"$TMP/fresh-b"
    [ "$(open_in "$b" "$dep")" = $(( before + 1 )) ] || die "the second instance forgot $slug after showing it"
    FRESH_ALL+=("$seen_b/$seen_a")
    for ms in "$seen_a" "$seen_b"; do [ "$ms" -gt "$FRESH_MAX" ] && FRESH_MAX=$ms; done
    say "N=$N: $slug reopened, counted after $seen_b ms by the second instance ($missed_b answers missed it), $seen_a ms by the first ($missed_a) (round $round)"
  done
}
