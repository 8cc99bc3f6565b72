#!/usr/bin/env python3
"""Seed a needled database with a long, realistic history.

usage: seed.py DBFILE SESSIONS

The database must already exist with needled's schema (start needled once
on it).  SESSIONS sessions, one every 8 hours up to a few days ago,
across 10 areas (1-3 areas each, 0.25-1.0 mm), with roughly one product
application and one check-in per two sessions, 3 devices and 8 products.
The last session is a few days old, so that /next-session has live
constraints to explain.  Deterministic (fixed seed).
"""
import random
import sqlite3
import sys
import time

AREAS = ["forehead", "cheeks", "chin", "jawline", "neck", "decolletage",
         "hands", "arms", "abdomen", "thighs"]
PRODUCTS = [("Retinol serum", "retinoid"), ("Glycolic toner", "exfoliating_acid"),
            ("Vitamin C serum", "vitamin_c"), ("Face scrub", "scrub"),
            ("Foundation", "makeup"), ("HA serum", "hyaluronic_acid"),
            ("Peptide cream", "peptide"), ("Moisturizer", "moisturizer")]


def main():
    db, n = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(8420)
    now = int(time.time())
    end = now - 3 * 86400
    # One session every 8 hours, whatever n: the recent weeks that the
    # rules read look the same at every size (a dense, worst case), and
    # only the length of the history changes (1,000,000 sessions reach
    # back centuries, which SQLite and needled take as they come).
    spacing = 8 * 3600
    start = end - spacing * n
    con = sqlite3.connect(db)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA foreign_keys = ON")
    cur = con.cursor()
    cur.execute("BEGIN")
    area_id = {s: cur.execute("SELECT id FROM area WHERE slug = ?", (s,)).fetchone()[0]
               for s in AREAS}
    devs = []
    for name, kind, length in [("Roller 0.25", "roller", 0.25),
                               ("Stamp 0.5", "stamp", 0.5), ("Pen", "pen", None)]:
        cur.execute("INSERT INTO device (name, kind, needle_length_mm, max_uses,"
                    " max_age_days) VALUES (?, ?, ?, ?, ?)",
                    (name, kind, length, None if kind == "pen" else 12,
                     None if kind == "pen" else 42))
        devs.append((cur.lastrowid, kind, length))
    prods = []
    for name, cat in PRODUCTS:
        cid = cur.execute("SELECT id FROM product_category WHERE slug = ?",
                          (cat,)).fetchone()[0]
        cur.execute("INSERT INTO product (name, category_id) VALUES (?, ?)", (name, cid))
        prods.append(cur.lastrowid)
    sessions, treatments, apps, app_areas, checkins = [], [], [], [], []
    sid = cur.execute("SELECT coalesce(max(id), 0) FROM session").fetchone()[0]
    aid = cur.execute("SELECT coalesce(max(id), 0) FROM application").fetchone()[0]
    for i in range(n):
        t = start + i * spacing
        sid += 1
        dev, kind, length = rnd.choice(devs)
        sessions.append((sid, t, dev, 1 if kind == "pen" else None))
        for pos, a in enumerate(rnd.sample(AREAS, rnd.randint(1, 3))):
            depth = length or rnd.choice([0.25, 0.5, 0.75, 1.0])
            treatments.append((sid, area_id[a], pos, t, depth, 4))
        if i % 2 == 0:
            aid += 1
            p = rnd.choice(prods)
            at = t + rnd.randint(3600, spacing - 60)
            apps.append((aid, p, at))
            for pos, a in enumerate(rnd.sample(AREAS, 2)):
                app_areas.append((aid, area_id[a], pos, p, at))
        if i % 2 == 1:
            red = rnd.choice([0, 0, 0, 1])
            checkins.append((area_id[rnd.choice(AREAS)], t + 3600 * 20, red))
    cur.executemany("INSERT INTO session (id, started_at, setting, device_id,"
                    " new_cartridge) VALUES (?, ?, 'home', ?, ?)", sessions)
    cur.executemany("INSERT INTO treatment (session_id, area_id, pos, at, depth_mm,"
                    " passes) VALUES (?, ?, ?, ?, ?, ?)", treatments)
    cur.executemany("INSERT INTO application (id, product_id, applied_at)"
                    " VALUES (?, ?, ?)", apps)
    cur.executemany("INSERT INTO application_area (application_id, area_id, pos,"
                    " product_id, at) VALUES (?, ?, ?, ?, ?)", app_areas)
    cur.executemany("INSERT INTO checkin (area_id, at, redness, swelling, pain,"
                    " infection_signs) VALUES (?, ?, ?, 0, 0, 0)", checkins)
    # The latest check-in of every area is clear, so that no area stays
    # blocked by the random history.
    cur.executemany("INSERT INTO checkin (area_id, at, redness, swelling, pain,"
                    " infection_signs) VALUES (?, ?, 0, 0, 0, 0)",
                    [(area_id[a], end + 3600) for a in AREAS])
    con.commit()
    con.execute("ANALYZE")
    con.close()
    print(f"seeded {n} sessions, {len(treatments)} treatments, {len(apps)} "
          f"applications, {len(checkins) + len(AREAS)} check-ins", file=sys.stderr)


if __name__ == "__main__":
    main()
