#!/usr/bin/env bash
# Install the Debian packages the portal needs, only those missing. Usage: ensure-system.sh venv|run|test
set -euo pipefail
what=${1:-run}
need=()
missing() { ! dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

case "$what" in
  venv)
    python3 -c "import ensurepip, venv" 2>/dev/null || need+=(python3-venv) ;;
  run)
    # WeasyPrint (PDF) needs Pango; the PDFs name Liberation Serif (Times New Roman metrics).
    for p in libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext; do missing "$p" && need+=("$p"); done
    # Backups (manage.py backup/restore): pg_dump/pg_restore on PostgreSQL, age when they are encrypted.
    case "${DATABASE_URL:-}" in postgres*) missing postgresql-client && need+=(postgresql-client) ;; esac
    if [ -n "${BACKUP_AGE_RECIPIENTS:-}" ] && missing age; then need+=(age); fi ;;
  test)
    # libreoffice-calc: tests print every workbook the portal writes (soffice --convert-to pdf);
    # postgresql-client and age: the backup drill (pg_dump / pg_restore, encryption);
    # tesseract-ocr and tesseract-ocr-vie: the library reads scans (tests/library/test_extraction.py).
    for p in libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext chromium poppler-utils libreoffice-calc \
             postgresql-client age tesseract-ocr tesseract-ocr-vie; do
      missing "$p" && need+=("$p")
    done ;;
esac

if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "Cần cài các gói hệ thống: ${need[*]} (không có apt-get trên máy này)." >&2; exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Cài gói hệ thống còn thiếu: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
