#!/bin/sh
# Stands in for Prisma's native schema-engine binary, which cannot be downloaded
# here. `prisma generate` only checks that the file exists; anything that would
# really call the engine is done by prisma/migrate.ts on the WebAssembly engine.
echo "the native schema engine is not used in this project: run npm run db:migrate" >&2
exit 1
