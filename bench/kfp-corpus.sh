#!/usr/bin/env bash
# What kfp compiles: uploads every PipelineSpec kfp's own test suite compiles
# (test_data/sdk_compiled_pipelines/valid of kubeflow/pipelines) and prints how many are stored, how many of those the
# in-process executor runs, the constructs it does not run (by kfp name) and every refusal with its reason.
# Usage: bench/kfp-corpus.sh <path to a kubeflow/pipelines checkout>
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$(cd "${1:?give the path of a kubeflow/pipelines checkout}" && pwd)/test_data/sdk_compiled_pipelines/valid
port=18093
source bench/start-service.sh
python3 bench/kfp_corpus.py "$port" "$corpus"
