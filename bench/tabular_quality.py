"""Side-by-side accuracy: scikit-learn vs the service on the same train/validation/test rows (see tabular-quality.sh)."""
import csv
import io
import json
import sys
import time
import urllib.error
import urllib.request

import numpy as np
from sklearn import datasets
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

BASE = f"http://localhost:{sys.argv[1]}"
SEED = 0
TRAINING = {"epochs": 1000, "batchSize": 32, "learningRate": 0.005, "earlyStoppingPatience": 30}


def synthetic_categorical(rows=2000, seed=0):
    rng = np.random.default_rng(seed)
    levels = [3, 4, 5, 6, 3, 4, 5, 6]
    cats = np.stack([rng.integers(0, k, rows) for k in levels], axis=1)
    nums = rng.normal(size=(rows, 2))
    weights = [rng.normal(size=(k, 4)) for k in levels]
    score = sum(weights[j][cats[:, j]] for j in range(len(levels))) + nums @ rng.normal(size=(2, 4))
    score += rng.gumbel(size=score.shape) * 0.8
    y = score.argmax(axis=1)
    names = [f"c{j}" for j in range(len(levels))] + ["n0", "n1"]
    columns = [[f"v{v}" for v in cats[:, j]] for j in range(len(levels))] + [list(nums[:, 0]), list(nums[:, 1])]
    x = [list(row) for row in zip(*columns)]
    return names, x, [f"class{v}" for v in y], list(range(len(levels)))


def bundled(loader):
    data = loader()
    names = [str(n).replace(" ", "_") for n in (data.feature_names if hasattr(data, "feature_names")
                                                    else range(data.data.shape[1]))]
    names = [n if not n[0].isdigit() else "f" + n for n in names]
    return names, data.data.tolist(), [str(t) for t in data.target], []


def split(labels):
    index = np.arange(len(labels))
    rest, test = train_test_split(index, test_size=0.2, stratify=labels, random_state=SEED)
    train, validation = train_test_split(rest, test_size=0.125, stratify=[labels[i] for i in rest],
                                         random_state=SEED)
    use = np.empty(len(labels), dtype=object)
    use[train], use[validation], use[test] = "training", "validation", "test"
    return use


def sklearn_accuracy(names, x, y, categorical, use, model):
    numeric = [i for i in range(len(names)) if i not in categorical]
    prep = ColumnTransformer([("num", StandardScaler(), numeric)]
                             + ([("cat", OneHotEncoder(handle_unknown="ignore"), categorical)] if categorical else []))
    pipe = make_pipeline(prep, model)
    x = np.array(x, dtype=object)
    fit = use == "training"
    pipe.fit(x[fit], np.array(y)[fit])
    return (pipe.predict(x[use == "test"]) == np.array(y)[use == "test"]).mean() * 100


def call(method, path, body=None, content_type="application/json"):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{method} {path}: {e.code} {e.read().decode()}")


def service_accuracy(name, csv_bytes, model, hidden):
    call("POST", f"/api/v1/datasets?name={name}&splitColumn=split", csv_bytes, "text/csv")
    params = dict(TRAINING, dataset=name, modelType=model, hiddenUnits=hidden, seed=SEED)
    run = call("POST", "/api/v1/runs", {"enableCaching": False, "parameterValues": params})
    while True:
        run = call("GET", f"/api/v1/runs/{run['id']}")
        if run["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.5)
    if run["state"] != "SUCCEEDED":
        raise SystemExit(f"{name} {model}: {run['state']} {run.get('error')}")
    return run["metrics"]["acc"]


def main():
    tables = {
        "iris": bundled(datasets.load_iris),
        "wine": bundled(datasets.load_wine),
        "breast-cancer": bundled(datasets.load_breast_cancer),
        "digits": bundled(datasets.load_digits),
        "synthetic-categorical": synthetic_categorical(),
    }
    print(f"{'dataset':24} {'rows':>5} {'feat':>4} {'cls':>3} | {'LogReg':>6} {'linear[]':>8} {'diff':>5} | "
          f"{'MLP128':>6} {'mlp[128]':>8} {'diff':>5}")
    for key, (names, x, y, categorical) in tables.items():
        use = split(y)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names + ["label", "split"])
        for row, label, u in zip(x, y, use):
            writer.writerow(list(row) + [label, u])
        body = out.getvalue().encode()
        logreg = sklearn_accuracy(names, x, y, categorical, use, LogisticRegression(max_iter=5000))
        mlp = sklearn_accuracy(names, x, y, categorical, use,
                               MLPClassifier(hidden_layer_sizes=(128,), max_iter=2000, random_state=SEED))
        ours_linear = service_accuracy(key, body, "linear", "[]")
        ours_mlp = service_accuracy(key, body, "mlp", "[128]")
        print(f"{key:24} {len(y):5d} {len(names):4d} {len(set(y)):3d} | {logreg:6.2f} {ours_linear:8.2f} "
              f"{ours_linear - logreg:+5.1f} | {mlp:6.2f} {ours_mlp:8.2f} {ours_mlp - mlp:+5.1f}", flush=True)


main()
