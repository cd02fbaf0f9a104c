#!/usr/bin/env bash
# Tabular quality side by side: scikit-learn's LogisticRegression and MLPClassifier(128) (standardised, one-hot)
# against this service's `linear` with hiddenUnits [] (softmax regression) and `mlp` [128], on the same split of
# each dataset (a split column the service reads as Vertex's predefined split). Datasets: scikit-learn's bundled
# iris, wine, breast cancer and digits, and a synthetic table of 8 categoricals + 2 numbers, 4 classes (no public
# categorical CSV can be downloaded on this machine). Needs Debian's python3-sklearn (/usr/bin/python3).
# Usage: bench/tabular-quality.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=18095
source bench/start-service.sh
/usr/bin/python3 bench/tabular_quality.py "$port"
