#!/bin/sh
# Development aid while the newest migration is unreleased: regenerates it from schema.ts (serialised with flock).
# Usage: scripts/regen-migration.sh 0005_dual_prevention
set -e
cd "$(dirname "$0")/.."
name="$1"; idx="${name%%_*}"; tag="${name#*_}"
exec 9>/tmp/anguan-regen.lock
flock 9
rm -f "server/drizzle/$name.sql" "server/drizzle/meta/${idx}_snapshot.json"
node -e '
const fs=require("fs");const p="server/drizzle/meta/_journal.json";const j=JSON.parse(fs.readFileSync(p));
j.entries=j.entries.filter(e=>e.tag!==process.argv[1]);fs.writeFileSync(p,JSON.stringify(j,null,2)+"\n");' "$name"
npx drizzle-kit generate --config server/drizzle.config.ts --name "$tag" >/dev/null
ls "server/drizzle/$name.sql"
