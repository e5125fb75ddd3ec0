# Sourced by bench/run: the Markdown tables (in French), the verdict against issue 24's targets,
# and the results file that lets a PostgreSQL run compare itself with the last SQLite run.

# Ratios keep six decimals in the results file: an application is about 0.003 of /healthz.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", (b > 0 ? a / b : 0) }'; }
fmt() { awk -v x="$1" 'BEGIN { printf (x >= 100 ? "%.0f" : "%.2f"), x }'; }
frfmt() { fmt "$1" | tr . ,; }
fmt2() { awk -v x="$1" 'BEGIN { printf "%.2f", x }'; }
# A ratio as the tables show it, with a French decimal comma in prose-like cells.
fr() { awk -v x="$1" -v d="${2:-2}" 'BEGIN { s = sprintf("%." d "f", x); sub(/\./, ",", s); print s }'; }

# Every figure of the run, one `key<TAB>value` a line, keys as `N|point|measure`.
save_results() {
  local file="$OUT/results-$BACKEND.tsv" key
  {
    echo "# bench/run $BACKEND $(date -u +%FT%TZ) seed $SEED wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
    for key in "${!RESULT[@]}"; do printf '%s\t%s\n' "$key" "${RESULT[$key]}"; done | sort
  } >"$file"
  say "figures saved in $file"
}

# Loads a results file into the associative array named $2.
load_results() {
  local -n into=$2
  local key value
  while IFS=$'\t' read -r key value; do
    [[ $key == \#* ]] || into["$key"]=$value
  done <"$1"
}

print_tables() {
  local n id
  echo
  echo "## Résultats, $BACKEND_NAME ($(date +%F), $(nproc) cœurs, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, graine $SEED)"
  echo
  echo "Recherche : « $QUERY » dans le département $DEPARTEMENT ; autour d'un lieu : $RAYON km autour de $LIEU. Latences en ms ; ratios par rapport à /healthz du même serveur."
  echo
  echo "| N | point d'accès | req/s | p50 (ms) | p99 (ms) | débit ÷ /healthz | p99 ÷ p99 /healthz |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    for id in "${ENDPOINTS[@]}" apply; do
      local label=${LABEL[$id]}
      [ "$id" = apply ] && label+=" (${RESULT[$n|apply|stored]} enregistrées, ${RESULT[$n|apply|requests]} confirmées)"
      echo "| $n | $label | $(fmt "${RESULT[$n|$id|rps]}") | $(fmt "${RESULT[$n|$id|p50]}") | $(fmt "${RESULT[$n|$id|p99]}") |" \
        "$(fmt2 "${RESULT[$n|$id|ratio]}") | $(fmt2 "$(ratio "${RESULT[$n|$id|p99]}" "${RESULT[$n|healthz|p99]}")") |"
    done
  done
  echo
  echo "| N | chargement (\`msp demo --synthetic\`) | démarrage (jusqu'à /healthz) | prêt (/readyz répond 200) | publication vue par la recherche suivante (max) | mémoire résidente à la fin (VmRSS) | pic (VmHWM) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  for n in $SIZES; do
    echo "| $n | ${RESULT[$n|load]} s | ${RESULT[$n|startup]} ms | ${RESULT[$n|ready]} ms | ${RESULT[$n|fresh]} ms (${RESULT[$n|fresh_all]}) | ${RESULT[$n|rss]} Mo | ${RESULT[$n|hwm]} Mo |"
  done
  echo
  echo "Publication : une offre close rouverte par un \`UPDATE\` hors des serveurs ; chaque mesure « seconde instance/première », en ms après le commit, jusqu'à ce que l'API la compte."
  if [ -n "${LIGHTHOUSE_ROWS[*]}" ]; then
    echo
    echo "Performance selon Lighthouse 12.2.3 (préréglage mobile : téléphone de 412 px, processeur et réseau lents simulés), sur 100 :"
    echo
    echo "| N | accueil | recherche /offres | une offre | son formulaire de candidature |"
    echo "|---:|---:|---:|---:|---:|"
    printf '%s\n' "${LIGHTHOUSE_ROWS[@]}"
  fi
}

# One row of the verdict: label, target as written, measured value as shown, awk condition.
verdict_row() {
  local held="**NON tenu**"
  awk "BEGIN { exit !($4) }" && held="tenu"
  echo "| $1 | $2 | $3 | $held |"
}

# The issue's targets at the largest N measured (they are set for N = 100,000).
print_verdict() {
  local n=${SIZES##* } r p
  echo
  echo "### Objectifs (issue 24), $BACKEND_NAME, N = $n$([ "$n" = 100000 ] || echo " (les cibles valent pour N = 100 000)")"
  echo
  echo "| objectif | cible | mesuré | verdict |"
  echo "|---|---|---|---|"
  r=${RESULT[$n|offre|ratio]} p=${RESULT[$n|offre|p99]}
  verdict_row "page d'une offre, anonyme : débit" "≥ 0,5 × /healthz" "$(fr "$r") ×" "$r >= 0.5"
  verdict_row "page d'une offre, anonyme : p99" "≤ 5 ms" "$(frfmt "$p") ms" "$p <= 5"
  r=${RESULT[$n|page|ratio]} p=${RESULT[$n|page|p99]}
  verdict_row "page de recherche (texte + département) : débit" "≥ 0,3 × /healthz" "$(fr "$r") ×" "$r >= 0.3"
  verdict_row "page de recherche (texte + département) : p99" "≤ 10 ms" "$(frfmt "$p") ms" "$p <= 10"
  r=${RESULT[$n|commun|ratio]}
  verdict_row "un mot courant, partout (page)" "≥ 0,2 × /healthz" "$(fr "$r") ×" "$r >= 0.2"
  r=${RESULT[$n|pres|ratio]}
  verdict_row "autour d'un lieu, $RAYON km (page)" "≥ 0,2 × /healthz" "$(fr "$r") ×" "$r >= 0.2"
  r=${RESULT[$n|stats|ratio]}
  verdict_row "/statistiques" "≥ 0,3 × /healthz" "$(fr "$r") ×" "$r >= 0.3"
  p=${RESULT[$n|fresh]}
  verdict_row "publication vue par la recherche suivante, sur une autre instance aussi" "≤ 100 ms après le commit" "$p ms (max)" "$p <= 100"
  p=$(( ${RESULT[$n|ready]} - ${RESULT[$n|startup]} ))
  verdict_row "index chargé au démarrage (/readyz prêt)" "≤ 2 s après /healthz" "$p ms après" "$p <= 2000"
  r=${RESULT[$n|apply|rps]}
  verdict_row "candidatures avec un PDF de 1 Mo" "≥ 100/s, aucune confirmée perdue" \
    "$(frfmt "$r")/s, ${RESULT[$n|apply|lost]} perdue(s)" "$r >= 100 && ${RESULT[$n|apply|lost]} == 0"
  p=${RESULT[$n|hwm]}
  verdict_row "mémoire résidente, pic (VmHWM)" "≤ 250 Mo" "$p Mo" "$p <= 250"
  p=${RESULT[$n|load]}
  verdict_row "chargement synthétique" "< 20 s" "$(fr "$p" 1) s" "$p < 20"
  [ "$BACKEND" = postgres ] && print_comparison "$n"
  return 0
}

# PostgreSQL against the last SQLite run: each row's throughput ratio (÷ /healthz of its own
# server) must be at least half of SQLite's.
print_comparison() {
  local n=$1 file="$OUT/results-sqlite.tsv" id s p worst=1 held=1 m
  declare -A SQLITE=()
  if [ ! -e "$file" ]; then
    verdict_row "PostgreSQL : chaque ligne à 2 × du ratio de SQLite au plus" "≥ 0,5 × le ratio de SQLite" "pas de résultats SQLite ($file) : lancer \`bench/run\` d'abord" "0"
    return 0
  fi
  load_results "$file" SQLITE
  [ -n "${SQLITE[$n|healthz|rps]:-}" ] || { verdict_row "PostgreSQL : chaque ligne à 2 × du ratio de SQLite au plus" "≥ 0,5 × le ratio de SQLite" "pas de N = $n dans $file" "0"; return 0; }
  local rows=()
  for id in "${ENDPOINTS[@]:1}" apply; do
    s=${SQLITE[$n|$id|ratio]:-0} p=${RESULT[$n|$id|ratio]}
    # A row SQLite did not measure (no application acknowledged in time) has nothing to compare.
    if awk "BEGIN { exit !($s <= 0) }"; then
      rows+=("| $n | ${LABEL[$id]} | — | $(fr "$p" 3) | — |")
      continue
    fi
    m=$(ratio "$p" "$s")
    awk "BEGIN { exit !($m < $worst) }" && worst=$m
    awk "BEGIN { exit !($m >= 0.5) }" || held=0
    rows+=("| $n | ${LABEL[$id]} | $(fr "$s" 3) | $(fr "$p" 3) | $(fr "$m") |")
  done
  verdict_row "PostgreSQL : chaque ligne à 2 × du ratio de SQLite au plus" "≥ 0,5 × le ratio de SQLite" \
    "le plus faible : $(fr "$worst") ×" "$held == 1"
  echo
  echo "Ratios débit ÷ /healthz de chaque serveur, PostgreSQL contre la dernière exécution SQLite ($(head -1 "$file" | cut -d' ' -f4)) :"
  echo
  echo "| N | point d'accès | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |"
  echo "|---:|---|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
}
