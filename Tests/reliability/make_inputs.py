"""Writes the inputs of the reliability checks: producer CSV files, valid or hostile.

    make_inputs.py producers FILE ROWS START     a valid import of ROWS producers, FLO IDs from START
    make_inputs.py fuzz FOLDER COUNT SEED        COUNT generated CSV files, most of them malformed
"""
import csv
import os
import random
import sys


def producers(path, rows, start):
    countries = ["KE", "UG", "ET", "GH", "PE", "CO", "IN", "VN", "CI", "NI"]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "country", "type", "flo_id", "products", "members", "status"])
        for index in range(rows):
            writer.writerow([f"Reliability Producer {start + index}", countries[index % len(countries)],
                             ["spo", "hlo", "cp"][index % 3], str(start + index), "coffee,tea",
                             str(10 + index % 5000), "certified"])


PIECES = [b"name", b"country", b"type", b"flo_id", b"products", b"members", b"status", b"colour", b"id",
          b"Coop", b"KE", b"UG", b"XX", b"spo", b"hlo", b"coop", b"123", b"0", b"-5", b"abc", b"certified",
          b"prospect", b'"', b'""', b",", b"\n", b"\r\n", b"\r", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
          b"\xc3\xa9", b"=cmd|' /C calc'!A0", b"Robert'); DROP TABLE producers;--", b"\t", b" ", b"'",
          b"\xe2\x80\xae", b"\x1b[31m"]


def fuzz(folder, count, seed):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    for number in range(count):
        kind = rng.random()
        if kind < 0.15:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 400)))
        elif kind < 0.25:
            # A huge field, over the reader's limit or just under it.
            size = rng.choice([1 << 20, (1 << 20) + 1, 200_000])
            data = b"name,country,type\n\"" + b"x" * size + b"\",KE,spo\n"
        else:
            header = b"name,country,type,flo_id" if rng.random() < 0.7 else b",".join(
                rng.sample(PIECES[:9], rng.randint(1, 5)))
            lines = [header]
            for _ in range(rng.randint(0, 12)):
                if rng.random() < 0.6:
                    fields = [b"Coop " + str(rng.randint(0, 99999)).encode(), rng.choice([b"KE", b"UG", b"XX", b"ke"]),
                              rng.choice([b"spo", b"hlo", b"cp", b"coop"]),
                              rng.choice([b"", str(rng.randint(1, 10 ** 6)).encode(), b"0", b"12a"])]
                    for _ in range(rng.randint(0, 3)):
                        position = rng.randrange(len(fields))
                        fields[position] = fields[position] + rng.choice(PIECES)
                    lines.append(b",".join(fields))
                else:
                    lines.append(b"".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))))
            data = b"\n".join(lines) + rng.choice([b"", b"\n", b"\r\n"])
        with open(os.path.join(folder, f"{number:05d}.csv"), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    if sys.argv[1] == "producers":
        producers(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "fuzz":
        fuzz(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("usage: make_inputs.py producers FILE ROWS START | fuzz FOLDER COUNT SEED")
