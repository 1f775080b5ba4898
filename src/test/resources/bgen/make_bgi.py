#!/usr/bin/env python3
"""Writes FILE.bgen.bgi for a BGEN layout-2 file, in bgenix's SQLite schema (tables Metadata and Variant),
from this script's own reading of the variant headers (independent of assocnet's reader). Used by the
tests because bgenix is not packaged in Debian. Usage: make_bgi.py FILE.bgen"""
import os, sqlite3, struct, sys, time

path = sys.argv[1]
with open(path, 'rb') as f:
    data = f.read()
offset, lh, m, n = struct.unpack_from('<IIII', data, 0)
flags = struct.unpack_from('<I', data, 4 + lh - 4)[0]
layout = (flags >> 2) & 0xf
assert layout == 2, 'layout 2 only'
p = offset + 4
rows = []
for _ in range(m):
    start = p
    def s16():
        global p
        (l,) = struct.unpack_from('<H', data, p); p += 2
        v = data[p:p + l].decode(); p += l
        return v
    varid, rsid, chrom = s16(), s16(), s16()
    (pos,) = struct.unpack_from('<I', data, p); p += 4
    (k,) = struct.unpack_from('<H', data, p); p += 2
    alleles = []
    for _ in range(k):
        (l,) = struct.unpack_from('<I', data, p); p += 4
        alleles.append(data[p:p + l].decode()); p += l
    (c,) = struct.unpack_from('<I', data, p); p += 4 + c
    rows.append((chrom, pos, rsid, k, alleles[0], alleles[1] if k > 1 else None, start, p - start))
out = path + '.bgi'
if os.path.exists(out):
    os.remove(out)
db = sqlite3.connect(out)
db.execute('CREATE TABLE Metadata (filename TEXT NOT NULL, file_size INT NOT NULL, last_write_time INT NOT NULL, '
           'first_1000_bytes BLOB NOT NULL, index_creation_time INT NOT NULL)')
db.execute('CREATE TABLE Variant (chromosome TEXT NOT NULL, position INT NOT NULL, rsid TEXT NOT NULL, '
           'number_of_alleles INT NOT NULL, allele1 TEXT NOT NULL, allele2 TEXT NULL, file_start_position INT NOT NULL, '
           'size_in_bytes INT NOT NULL, PRIMARY KEY (chromosome, position, rsid, allele1, allele2, file_start_position)) WITHOUT ROWID')
db.execute('INSERT INTO Metadata VALUES (?, ?, ?, ?, ?)',
           (os.path.basename(path), len(data), int(os.path.getmtime(path)), data[:1000], int(time.time())))
db.executemany('INSERT INTO Variant VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)
db.commit()
db.close()
