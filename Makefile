# Smart Gym — the two commands a new user needs: `make dev-up` and `make test`.
SHELL := /bin/bash
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export ONNXRUNTIME_NODE_INSTALL := skip
export ONNXRUNTIME_NODE_INSTALL_CUDA := skip

.PHONY: setup dev-up test bench migrate build-web typecheck models clean-setup ml-exercise ml-reid

## setup: install everything missing (apt, npm, native builds, models, footage). Idempotent; finished steps are skipped.
setup:
	@bash scripts/setup.sh

## dev-up: set up, migrate, and run the whole system on embedded defaults (Ctrl-C stops everything).
dev-up: setup
	@node scripts/dev-up.mjs

## test: every suite (unit, integration, e2e); the last line sums them: `N passed, N failed`.
test: setup
	@node scripts/test-all.mjs

## bench: every script under bench/, printing its table.
bench: setup
	@node scripts/bench-all.mjs

migrate:
	@npx tsx server/src/db/migrate.cli.ts

build-web:
	@npx vite build

typecheck:
	@npx tsc -p tsconfig.json

models:
	@bash scripts/setup.sh models

## ml-exercise: rebuild the exercise-recognition dataset and retrain the TCN (needs python3-torch; see ml/README.md).
ml-exercise:
	@nice -n 10 npx tsx ml/exercise/make-dataset.ts
	@nice -n 10 /usr/bin/python3 ml/exercise/train.py $${XDG_CACHE_HOME:-$$HOME/.cache}/smart-gym/ml/exercise-v2 ml/exercise/model --epochs 20

## ml-reid: render the re-id identity sets and the vtest pedestrian set, retrain the body re-id network (ml/README.md).
ml-reid:
	@bash ml/reid/reproduce.sh

## clean-setup: forget finished set-up steps in this checkout (caches under ~/.cache/smart-gym are kept).
clean-setup:
	rm -rf .gym/setup
