"""Makes the inputs of bench/datasets.sh: Fashion-MNIST as a zip of PNGs, a 1,000,000 x 20 CSV and its first 50,000 rows."""
import gzip
import random
import struct
import sys
import zipfile
import zlib

out = sys.argv[1]
NAMES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]


def png(pixels, width=28, height=28):
    rows = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


with zipfile.ZipFile(f"{out}/fashion-png.zip", "w", zipfile.ZIP_STORED) as z:
    for split in ("train", "t10k"):
        images = gzip.open(f"/usr/share/datasets/fashion-mnist/{split}-images-idx3-ubyte.gz").read()[16:]
        labels = gzip.open(f"/usr/share/datasets/fashion-mnist/{split}-labels-idx1-ubyte.gz").read()[8:]
        for i, label in enumerate(labels):
            z.writestr(f"fashion/{NAMES[label]}/{split}-{i:05d}.png", png(images[i * 784:(i + 1) * 784]))

random.seed(0)
header = ",".join([f"n{i}" for i in range(17)] + ["c0", "c1", "c2", "label"]) + "\n"
with open(f"{out}/big.csv", "w") as big, open(f"{out}/table-50k.csv", "w") as small:
    big.write(header)
    small.write(header)
    for r in range(1_000_000):
        xs = [random.gauss(0, 1) for _ in range(17)]
        cats = (f"a{random.randrange(10)}", f"b{random.randrange(20)}", f"c{random.randrange(5)}")
        score = xs[0] + xs[1] - xs[2] + (0.8 if cats[0] in ("a1", "a3") else 0)
        label = "k" + str(min(4, max(0, int(score + 2.5))))
        line = ",".join(f"{x:.5f}" for x in xs) + f",{cats[0]},{cats[1]},{cats[2]},{label}\n"
        big.write(line)
        if r < 50_000:
            small.write(line)
