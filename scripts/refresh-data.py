#!/usr/bin/env python3
"""Regenerates the plugin's data packs in guest/data/ from public packages.

    python3 scripts/refresh-data.py

Downloads pinned PyPI packages (no install, no dependencies) and writes:
- guest/data/e-money.tsv: the national bank codes (as found in IBANs) of the
  institutions in e-money-reviewed.tsv, from schwifty's bank registry (MIT).
- guest/data/banking-areas.tsv: the SEPA countries and the territories that
  bank in another country's IBAN scheme, from schwifty's IBAN registry,
  plus banking-areas-manual.tsv.
- guest/data/phone-regions.tsv: calling codes, trunk prefixes and the
  leading digits that tell regions of one calling code apart (the NANP area
  codes among them), from phonenumbers' metadata (Apache-2.0).
- guest/data/sanctioned-wallets.tsv: OFAC SDN EVM addresses from
  sra-riskgate (Apache-2.0), plus sanctioned-wallets-manual.tsv.
- guest/data/nicknames.tsv: English given names and their everyday forms,
  from nicknames (Apache-2.0).
- guest/data/name-variants.tsv: the Latin spellings of one name, from
  rigour's person-name groups (MIT; Wikidata, CC0) and the Ukrainian and
  Russian forms of one given name (names-translator, MIT, romanised by
  translitua's official schemes, MIT).
- guest/data/surnames.tsv: the 1990 US Census surnames found more often as
  surnames than as given names (public domain, via PyPI names, MIT).
- guest/data/legal-forms.tsv: organisations' legal forms (GmbH, Oy,
  s.r.o.), from rigour's organisation types (MIT), less tokens of people's
  names (the packs above, rigour's person names, the US Census names) but
  in the letters rigour spells them with ("d.o.o."), plus
  legal-forms-manual.tsv.
- host/data/month-names.tsv: the months' names and abbreviations in the
  languages of Europe's payrolls, and the words their long dates put
  between day, month and year ("27 de noviembre de 2026"), from the
  Unicode CLDR as Babel ships it (BSD-3-Clause; CLDR: Unicode licence).
  `python3 scripts/refresh-data.py month-names` writes this one alone.
- guest/data/crypto-exchanges.tsv: the custodial crypto exchanges ccxt
  trades on (MIT), by name and id, its decentralised ones left out: an
  account there is where crypto is paid, whatever an export calls it.
  `python3 scripts/refresh-data.py crypto-exchanges` writes this one alone.
`python3 scripts/refresh-data.py nicknames` (or `legal-forms`) writes that
pack alone, after an edit of its manual file.
Bump the pins below to refresh; the files record the version they came from.
Then run the tests: a bank code that moved shows up in the rule tests.
"""

import datetime
import glob
import json
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

SCHWIFTY = "schwifty==2026.10.1"
RISKGATE = "sra-riskgate==0.13.1"
PHONENUMBERS = "phonenumbers==9.0.43"
NICKNAMES = "nicknames==1.0.1"
RIGOUR = "rigour==2.6.1"
NAMES_TRANSLATOR = "names-translator==2.1.0"
TRANSLITUA = "translitua==2.0"
DAWG_PYTHON = "DAWG-Python==0.7.2"
CENSUS_NAMES = "names==0.3.0"
BABEL = "babel==2.19.0"
CCXT = "ccxt==4.5.90"
DATA = pathlib.Path(__file__).resolve().parent.parent / "guest" / "data"
HOST_DATA = pathlib.Path(__file__).resolve().parent.parent / "host" / "data"
# Languages whose dates payrolls in Europe write with the month's name
# (English's are chrono's, in the host).
MONTH_LOCALES = [
    "cs", "da", "de", "es", "et", "fi", "fr", "hr", "hu", "it", "lt", "lv",
    "nb", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "tr",
]


def pip_download(spec: str, into: pathlib.Path, *options: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", *options,
         "-d", str(into), spec],
        check=True,
    )


def download(spec: str, into: pathlib.Path) -> pathlib.Path:
    pip_download(spec, into)
    name = spec.split("==")[0].replace("-", "_")
    (wheel,) = into.glob(f"{name}-*.whl")
    target = into / name
    zipfile.ZipFile(wheel).extractall(target)
    return target


def download_source(spec: str, into: pathlib.Path) -> pathlib.Path:
    """A package's source archive, unpacked: some ship their data only there
    (rigour's name groups are compiled into its wheel's binary)."""
    pip_download(spec, into, "--no-binary", ":all:")
    name, version = spec.split("==")
    (archive,) = into.glob(f"{name}-{version}.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / f"{name}-{version}"


def rows(path: pathlib.Path):
    """The tab-separated rows of a data file, comments skipped."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def write(name: str, header: list[str], columns: str, lines: list[str],
          into: pathlib.Path = DATA) -> None:
    text = "".join(f"# {h}\n" if h else "#\n" for h in header)
    text += f"# {columns}\n" + "".join(line + "\n" for line in lines)
    (into / name).write_text(text, encoding="utf-8")
    print(f"wrote {into.parent.name}/data/{name}: {len(lines)} entries")


def e_money(schwifty: pathlib.Path, today: str) -> None:
    reviewed = {bic6: brand for bic6, brand, _kind in rows(DATA / "e-money-reviewed.tsv")}
    found = set()
    for path in sorted(glob.glob(str(schwifty / "schwifty" / "bank_registry" / "*.json"))):
        entries = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        if isinstance(entries, dict):
            entries = entries["entries"]
        for e in entries:
            bic = (e.get("bic") or "").upper()
            codes = e.get("bank_codes") or [e.get("bank_code") or ""]
            if bic[:6] not in reviewed:
                continue
            for code in codes:
                if code:
                    found.add((e["country_code"], code, bic, reviewed[bic[:6]]))
    unused = set(reviewed) - {bic[:6] for _, _, bic, _ in found}
    write(
        "e-money.tsv",
        [
            "National bank codes of e-money and payment institutions, as they",
            "appear inside IBANs. Generated by scripts/refresh-data.py: do not edit.",
            "",
            f"version: {SCHWIFTY.split('==')[1]}",
            f"source: schwifty {SCHWIFTY.split('==')[1]} bank registry (MIT),"
            f" institutions from e-money-reviewed.tsv; generated {today}",
            f"reviewed BICs without a national bank code in the registry: {len(unused)}",
        ],
        "country\tbank-code\tbic\tbrand",
        ["\t".join(f) for f in sorted(found)],
    )


def banking_areas(schwifty: pathlib.Path, today: str) -> None:
    registry = schwifty / "schwifty" / "iban_registry"
    specs = json.loads((registry / "generated.json").read_text(encoding="utf-8"))
    overwrite = json.loads((registry / "overwrite.json").read_text(encoding="utf-8"))
    lines = set()
    for country, spec in specs.items():
        spec = {**spec, **{k: v for k, v in overwrite.get(country, {}).items() if k != "positions"}}
        if spec.get("aspirational"):
            continue
        if spec.get("in_sepa_zone"):
            lines.add(("area", "SEPA", country, f"schwifty {SCHWIFTY.split('==')[1]} IBAN registry: in_sepa_zone"))
        scheme = spec["iban_spec"][:2]
        if scheme != country:
            lines.add(("banks-in", scheme, country, f"schwifty {SCHWIFTY.split('==')[1]} IBAN registry: {country} uses {scheme} IBANs"))
    for kind, name, country, source in rows(DATA / "banking-areas-manual.tsv"):
        lines.add((kind, name, country, source))
    write(
        "banking-areas.tsv",
        [
            "Banking areas and territories that bank in another country's scheme.",
            "Generated by scripts/refresh-data.py: do not edit; add hand-made",
            "entries to banking-areas-manual.tsv.",
            "",
            "area NAME CC: CC belongs to the banking area NAME (SEPA: a payer may",
            "  not refuse an account from another SEPA country).",
            "banks-in CC T: residents of territory T bank in CC's scheme, so a",
            "  CC bank is their local bank (Guadeloupe with French IBANs).",
            "",
            f"version: {SCHWIFTY.split('==')[1]}+{today}",
            f"source: schwifty {SCHWIFTY.split('==')[1]} IBAN registry (MIT), from SWIFT's IBAN registry;"
            " banking-areas-manual.tsv for places without IBANs",
        ],
        "kind\tname\tcountry\tsource",
        ["\t".join(line) for line in sorted(lines)],
    )


# Where the "branch" of the IBAN registry is an account-number prefix,
# written "19-2000145399/0800" at home: Czech and Slovak accounts (Czech
# National Bank decree 169/2011, National Bank of Slovakia decree 7/2009).
ACCOUNT_PREFIX_COUNTRIES = {"CZ", "SK"}


def iban_national(schwifty: pathlib.Path, today: str) -> None:
    """Every IBAN country's BBAN layout: the parts' lengths and kinds,
    where the bank code and the account number lie in it, and the country
    code its IBANs start with (a territory's is its scheme's: Reunion's
    are FR). The plugin reads IBANs by it, and builds the IBAN of an
    account given in its national form (the whole BBAN in the account
    column; bank code and account; the bank's letters from the BIC), so
    both spellings are one destination."""
    registry = schwifty / "schwifty" / "iban_registry"
    specs = json.loads((registry / "generated.json").read_text(encoding="utf-8"))
    overwrite = json.loads((registry / "overwrite.json").read_text(encoding="utf-8"))
    lines = []
    for country, spec in sorted(specs.items()):
        spec = dict(spec)
        extra = overwrite.get(country, {})
        spec.update({k: v for k, v in extra.items() if k != "positions"})
        positions = {**spec.get("positions", {}), **extra.get("positions", {})}
        bban = spec.get("bban_spec", "")
        parts = re.findall(r"(\d+)!([nac])", bban)
        if spec.get("aspirational") or not parts or "".join(f"{n}!{k}" for n, k in parts) != bban:
            continue
        bank, account = positions.get("bank_code"), positions.get("account_code")
        if not bank or not account or sum(int(n) for n, _ in parts) != spec["bban_length"]:
            continue
        prefix = "prefix" if country in ACCOUNT_PREFIX_COUNTRIES else "-"
        scheme = spec["iban_spec"][:2]
        if not re.fullmatch(r"[A-Z]{2}", scheme) or spec["iban_spec"][2:5] != "2!n":
            raise SystemExit(f"{country}: an IBAN spec that does not start with a country: {spec['iban_spec']}")
        lines.append("\t".join([country, bban, f"{bank[0]}-{bank[1]}",
                                f"{account[0]}-{account[1]}", prefix, scheme]))
    write(
        "iban-national.tsv",
        [
            "Each IBAN country's BBAN: its parts (length, n digits, a letters,",
            "c either), where the bank code and the account number lie in it,",
            "whether the branch is an account-number prefix written",
            "\"19-2000145399\" (CZ, SK), and the country code its IBANs start",
            "with (a territory's is its scheme's: RE banks write FR IBANs). An",
            "IBAN is read against its country's row; an account given in its",
            "national form (the whole BBAN; bank code then account; GB and NL",
            "banks' letters from the BIC) is the IBAN built from it, so both",
            "spellings are one destination. Generated by",
            "scripts/refresh-data.py: do not edit.",
            "",
            f"version: {SCHWIFTY.split('==')[1]}+{today}",
            f"source: schwifty {SCHWIFTY.split('==')[1]} IBAN registry (MIT), from SWIFT's IBAN registry",
        ],
        "country\tbban\tbank-code\taccount\tbranch\tiban-country",
        lines,
    )


def nicknames(package: pathlib.Path, today: str) -> None:
    """English given names and their everyday forms (Bill for William,
    Peggy for Margaret), from the nicknames package's table, and the
    short forms of nicknames-manual.tsv (Mohd for Muhammad, Kasia for
    Katarzyna)."""
    text = (package / "nicknames" / "names.csv").read_text(encoding="utf-8")
    pairs = set()
    for line in text.splitlines()[1:]:
        name, relation, nickname = (f.strip().lower() for f in line.split(","))
        if relation == "has_nickname" and name.isascii() and nickname.isascii() and name != nickname:
            pairs.add((name, nickname))
    manual = DATA / "nicknames-manual.tsv"
    pairs.update((name, short) for name, short, _why in rows(manual))
    manual_version = next(
        line.split(":", 1)[1].strip()
        for line in manual.read_text(encoding="utf-8").splitlines()
        if line.startswith("# version:")
    )
    write(
        "nicknames.tsv",
        [
            "Given names and their everyday forms: a holder written \"Bill",
            "Turner\" is William Turner's own account, \"Kasia Nowak\" Katarzyna",
            "Nowak's. A pair makes two names one person only with the same",
            "surname. Direct pairs only:",
            "two names that share a nickname (James and Benjamin, both \"Jamie\")",
            "stay apart. Generated by scripts/refresh-data.py: do not edit; add",
            "reviewed short forms to nicknames-manual.tsv.",
            "",
            f"version: {NICKNAMES.split('==')[1]}+{today}+manual.{manual_version}",
            f"source: PyPI {NICKNAMES} names.csv (Apache-2.0),"
            " github.com/carltonnorthern/nicknames; nicknames-manual.tsv (a source per line)",
        ],
        "name\tnickname",
        [f"{a}\t{b}" for a, b in sorted(pairs)],
    )


# Letters NFKD does not take apart, as deunicode (the plugin's reading)
# writes them.
LATIN_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae",
                 "œ": "oe", "þ": "th", "ħ": "h", "ŀ": "l", "ŧ": "t", "ə": "e"}


def latin_lower(text: str) -> str:
    """`text` in lower case, its Latin letters written without accents
    ("ł" as "l", "ß" as "ss"); other scripts left as they are."""
    s = "".join(LATIN_LETTERS.get(c, c) for c in text.lower())
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def latin_token(spelling: str) -> str | None:
    """A Latin spelling as the plugin reads a name token: lower-case ASCII
    letters, accents dropped, apostrophes and hyphens joined, then folded
    as `names::fold` folds romanisations. None for other scripts and for
    spellings of more than one word."""
    s = latin_lower(spelling)
    s = re.sub(r"['’ʼʻ‘ʿʾ-]", "", s)
    if not re.fullmatch(r"[a-z]{2,}", s):
        return None
    # names::fold, kept in step by a test there that every form is folded.
    for a, b in [("sch", "sh"), ("tch", "ch"), ("ks", "x"), ("kh", "h"), ("ph", "f"),
                 ("th", "t"), ("ck", "k"), ("ou", "u"), ("w", "v"), ("y", "i"),
                 ("j", "i"), ("q", "k")]:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s if len(s) >= 2 else None


# Forms longer than this are left out: `names` looks words up on the stack.
LONGEST_LEGAL_FORM = 32
# A form written in parts is read from a holder's last words: at most this
# many, of at most this many letters each (names/src/legal_forms.rs).
MOST_PARTS, LONGEST_PART = 4, 3


def legal_form_tokens(form: str) -> list[str] | None:
    """A Latin legal form's words as `names` reads a holder's: lower-case
    ASCII letters and digits, accents dropped, split at everything else.
    None for a form in another script (its transliteration is read as a
    name's: "ООО" is "OOO", listed in Latin too)."""
    s = latin_lower(form)
    if not s.isascii():
        return None
    return [t for t in re.split(r"[^a-z0-9]+", s) if t]


def name_tokens(rigour: pathlib.Path, census: pathlib.Path) -> set[str]:
    """Every token a person's name may hold, as written and as `names::fold`
    reads it: the name packs' tokens, every Latin word of rigour's person
    names (Wikidata labels, groups of one spelling too), and every US Census
    given name and surname."""
    words: set[str] = set()
    for pack in ["surnames.tsv", "name-variants.tsv", "nicknames.tsv"]:
        for row in rows(DATA / pack):
            words.update(row[:2] if pack == "nicknames.tsv" else row[:1])
    text = (rigour / "rust" / "data" / "names" / "person_names.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        for spelling in line.rsplit(" => ", 1)[0].split(", "):
            words.update(legal_form_tokens(spelling) or ())
    for table in ("dist.male.first", "dist.female.first", "dist.all.last"):
        for line in (census / "names" / table).read_text().splitlines():
            words.add(line.split()[0].lower())
    return words | {latin_token(w) for w in words} - {None}


def legal_forms(rigour: pathlib.Path, census: pathlib.Path, today: str) -> None:
    """Legal forms a holder's words may carry: every Latin spelling rigour
    gives an organisation type as one word ("GmbH", "Oyj"), and as its
    short parts written together ("s.r.o." as "sro", "Sp. z o.o." as
    "spzoo", which `names` reads from a holder's last words), plus
    legal-forms-manual.tsv. Left out: sole proprietorships, forms of fewer
    than three letters (kept only by hand), forms a person's name may hold
    as a token (`name_tokens`), and those the manual file says are a
    person's. A form left out as a name token that rigour also spells
    letter by letter ("d.o.o.", "S.I.A.") is kept for that spelling only:
    no one writes a name "Ivan Horvat D. O. O.", while Doo is a Korean
    name."""
    types_file = rigour / "rust" / "data" / "names" / "org_types.json"
    types = json.loads(types_file.read_text(encoding="utf-8"))
    names = name_tokens(rigour, census)
    # Each form's way of being written ("any", or "letters" only) and source.
    found: dict[str, tuple[str, str]] = {}
    letters: dict[str, tuple[str, str]] = {}
    for kind in types:
        # A sole proprietorship is a person trading under their own name.
        if kind.get("generic") == "SP":
            continue
        forms = {*kind.get("aliases", []), kind.get("display"), kind.get("compare")} - {None}
        # One word before words apart ("GmbH" before "G m b H"), so the
        # spelling a form is listed under does not change between runs.
        def order(form: str) -> tuple:
            return (len(legal_form_tokens(form) or ()) > 1, not form[:1].isalnum(), form)

        for form in sorted(forms, key=order):
            tokens = legal_form_tokens(form)
            if not tokens:
                continue
            if len(tokens) > 1 and (len(tokens) > MOST_PARTS
                                    or any(len(t) > LONGEST_PART for t in tokens)):
                continue
            word = "".join(tokens)
            if not (3 <= len(word) <= LONGEST_LEGAL_FORM and word[0].isalpha()):
                continue
            if word not in names and latin_token(word) not in names:
                found.setdefault(word, ("any", f"rigour: {form}"))
            elif all(len(t) == 1 for t in tokens):
                letters.setdefault(word, ("letters", f"rigour: {form}"))
    for kind, form, why in rows(DATA / "legal-forms-manual.tsv"):
        if kind == "person":
            found.pop(form, None)
            letters.pop(form, None)
        else:
            found[form] = ("word" if kind == "word" else "any", f"by hand: {why}")
    found = {**{w: v for w, v in letters.items() if w not in found}, **found}
    write(
        "legal-forms.tsv",
        [
            "Legal forms: a holder carrying one (as a word, or as its last short",
            "words written together: \"s.r.o.\") is a company, not a person. Words",
            "as the names crate reads them. Written \"letters\": a form that is also",
            "a token of people's names, a company's only when its letters, apart,",
            "end a holder (\"d.o.o.\"). Written \"word\": a business's name word, no",
            "legal form, read however written; it stays in the name that groups",
            "holders. Generated by scripts/refresh-data.py: do not edit; add",
            "reviewed forms to legal-forms-manual.tsv.",
            "",
            f"version: {RIGOUR.split('==')[1]}+{today}",
            f"source: PyPI {RIGOUR} org_types.json (MIT), less forms of fewer than"
            " three letters, sole proprietorships and tokens of people's names (the"
            f" name packs, rigour's person names, {CENSUS_NAMES}) but in the letters rigour"
            " spells them with; legal-forms-manual.tsv",
        ],
        "form\twritten\tsource",
        [f"{form}\t{written}\t{why}" for form, (written, why) in sorted(found.items())],
    )


def east_slavic_groups(translator: pathlib.Path, translitua: pathlib.Path,
                       dawg: pathlib.Path) -> list[list[str]]:
    """The Ukrainian given names and their Russian forms (Dmytro and Dmitriy,
    Serhiy and Sergey), each romanised by the schemes passports and banks
    use, as groups of spellings of one name."""
    sys.path[:0] = [str(translitua), str(dawg)]
    import translitua as tu
    from dawg_python import RecordDAWG

    data = translator / "names_translator" / "data"
    pool = RecordDAWG(">BH")
    pool.load(str(data / "first.dawg"))
    rules = json.loads((data / "first.rules.json").read_text(encoding="utf-8"))
    ukrainian = [tu.UkrainianKMU, tu.UkrainianPassport2007, tu.UkrainianNational1996,
                 tu.UkrainianPassport2004Alt, tu.UkrainianBGN]
    russian = [tu.RussianICAO, tu.RussianInternationalPassport1997, tu.RussianDriverLicense,
               tu.RussianALALC, tu.RussianSimple]
    groups = []
    for uk, (_rank, rule) in pool.items():
        # names_translator.dicts.apply_rule: drop letters, add a suffix.
        drop, suffix, _title = rules[rule]
        ru = uk[: len(uk) - drop] + suffix
        spellings = {tu.translit(uk, t) for t in ukrainian} | {tu.translit(ru, t) for t in russian}
        group = sorted({t for t in map(latin_token, spellings) if t})
        if len(group) >= 2:
            groups.append(group)
    return groups


def name_variants(rigour: pathlib.Path, slavic: list[list[str]], today: str) -> None:
    """Groups of Latin spellings of one name: rigour's person-name groups
    (each a Wikidata name item's labels in every script) and the East Slavic
    given names. Only spellings that differ once folded are kept."""
    groups = {" ".join(g) for g in slavic}
    text = (rigour / "rust" / "data" / "names" / "person_names.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        spellings, _item = line.rsplit(" => ", 1)
        group = sorted({t for t in map(latin_token, spellings.split(", ")) if t})
        if len(group) >= 2:
            groups.add(" ".join(group))
    # Each spelling with the names (numbers) it spells, sorted by spelling,
    # so the plugin finds a spelling by binary search in the text itself.
    names: dict[str, list[str]] = {}
    for number, group in enumerate(sorted(groups)):
        for spelling in group.split(" "):
            names.setdefault(spelling, []).append(str(number))
    write(
        "name-variants.tsv",
        [
            "Latin spellings of one name: Korean Bang and Pahng, Chinese Sun and",
            "Suen, Japanese Sato and Satou, Dmytro and Dmitriy. Each spelling, as",
            "names::fold reads it, with the numbers of the names it spells: two",
            "spellings sharing a number are one name written two ways. The plugin",
            "counts that only beside a token found as written (Bang Min-jun is",
            "Pahng Minjun; Bang alone is nobody). Sorted by spelling. Generated",
            "by scripts/refresh-data.py: do not edit.",
            "",
            f"version: {RIGOUR.split('==')[1]}+{NAMES_TRANSLATOR.split('==')[1]}+{today}",
            f"source: PyPI {RIGOUR} person_names.txt (MIT; Wikidata labels, CC0);"
            f" PyPI {NAMES_TRANSLATOR} first names (MIT) romanised by {TRANSLITUA} (MIT)",
        ],
        "spelling\tnames",
        [f"{spelling}\t{' '.join(numbers)}" for spelling, numbers in sorted(names.items())],
    )


def surnames(census: pathlib.Path, today: str) -> None:
    """Surnames that are not given names, from the 1990 US Census: more
    frequent as a surname than as a male or female given name. A holder
    adding two of these after the employee's name adds surnames (María
    García López Fernández), not another person."""
    folder = census / "names"
    # Compared as the plugin reads tokens: Yuan and Juan fold alike, and a
    # folded token is a surname only if no given name folds to it more often.
    given: dict[str, float] = {}
    for sex in ("male", "female"):
        for line in (folder / f"dist.{sex}.first").read_text().splitlines():
            name, share = line.split()[:2]
            token = latin_token(name)
            given[token] = max(given.get(token, 0.0), float(share))
    lines = []
    for line in (folder / "dist.all.last").read_text().splitlines():
        name, share, _cumulative, rank = line.split()
        token = latin_token(name)
        # The 40,000 most frequent: past that a surname is too rare to need.
        if token and int(rank) <= 40000 and float(share) >= given.get(token, 0.0):
            lines.append(token)
    write(
        "surnames.tsv",
        [
            "The 40,000 most frequent surnames of the 1990 US Census, less those as",
            "frequent as given names: a holder adding up to two of them after the employee's",
            "whole name adds surnames (Maria Garcia Lopez Fernandez), not another",
            "person. Folded as names::fold reads them. Generated by",
            "scripts/refresh-data.py: do not edit.",
            "",
            f"version: 1990+{today}",
            f"source: US Census Bureau 1990 name files (public domain), via PyPI {CENSUS_NAMES} (MIT)",
        ],
        "surname",
        sorted(set(lines)),
    )


def prefixes(pattern: str) -> list[str]:
    """The shortest digit strings that phonenumbers' leading-digits pattern
    accepts, so the plugin needs no regular expressions for phones."""
    regex = re.compile(f"(?:{pattern})")
    found: list[str] = []
    for length in range(1, 6):
        for n in range(10 ** length):
            digits = str(n).zfill(length)
            if regex.fullmatch(digits) and not any(digits.startswith(f) for f in found):
                found.append(digits)
    return sorted(found)


def phone_regions(phonenumbers_dir: pathlib.Path, today: str) -> None:
    sys.path.insert(0, str(phonenumbers_dir.parent))
    import phonenumbers
    from phonenumbers import PhoneMetadata

    lines = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        meta = PhoneMetadata.metadata_for_region(region)
        lead = ",".join(prefixes(meta.leading_digits)) if meta.leading_digits else "-"
        trunk = meta.national_prefix if meta.national_prefix and meta.national_prefix.isdigit() else "-"
        main = "main" if meta.main_country_for_code else "-"
        possible = (meta.general_desc.possible_length or ()) if meta.general_desc else ()
        lengths = ",".join(str(n) for n in sorted(set(possible))) or "-"
        lines.append("\t".join([region, str(meta.country_code), trunk, main, lead, lengths]))
    write(
        "phone-regions.tsv",
        [
            "Telephone regions: calling code, trunk prefix (dialled before national",
            "numbers at home, dropped in international form), whether the region is",
            "its code's main one, and the leading digits (after the code) that",
            "single a region out among those sharing a code: the NANP area codes,",
            "+7 7 for Kazakhstan; and the lengths its national numbers may have",
            "(a number written without + whose own length is none of them but",
            "which, after its region's calling code, has one, is international:",
            "447911123456 as a spreadsheet keeps +44 7911 123456). Generated by",
            "scripts/refresh-data.py: do not edit.",
            "",
            f"version: {PHONENUMBERS.split('==')[1]}+{today}",
            f"source: {PHONENUMBERS} region metadata (Apache-2.0), from Google's libphonenumber",
        ],
        "region\tcalling-code\ttrunk-prefix\tmain\tleading-digits\tnational-lengths",
        lines,
    )


def sanctioned_wallets(riskgate: pathlib.Path, today: str) -> None:
    listing = "OFAC SDN (all programs), via sra-riskgate"
    entries = {}
    evm = riskgate / "sra_riskgate" / "data" / "ofac_sdn_evm.txt"
    for line in evm.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries[("ETH", line.lower())] = listing
    for chain, address, why in rows(DATA / "sanctioned-wallets-manual.tsv"):
        key = (chain, address.lower() if chain == "ETH" else address)
        entries[key] = why
    write(
        "sanctioned-wallets.tsv",
        [
            "Sanctioned wallet addresses. Generated by scripts/refresh-data.py: do not edit.",
            "",
            f"version: {RISKGATE.split('==')[1]}+{today}",
            f"source: OFAC SDN list, EVM addresses from {RISKGATE} (Apache-2.0),"
            " BTC and annotations from sanctioned-wallets-manual.tsv",
        ],
        "chain\taddress\tlisting",
        ["\t".join([c, a, why]) for (c, a), why in sorted(entries.items())],
    )


def month_names(babel_dir: pathlib.Path, today: str) -> None:
    """Every name and abbreviation of each month in MONTH_LOCALES (CLDR's
    format and stand-alone forms, so a genitive such as Polish "listopada"
    too), lower-cased without a closing dot; a word that names two months
    in two languages is left out. And the words a long date pattern puts
    between its fields ("de" in Spanish's "d 'de' MMMM 'de' y")."""
    sys.path.insert(0, str(babel_dir))
    from babel import Locale

    months: dict[str, dict[int, set[str]]] = {}
    fillers: dict[str, set[str]] = {}
    for code in MONTH_LOCALES:
        locale = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for month, name in locale.months[context][width].items():
                    word = name.lower().rstrip(".")
                    months.setdefault(word, {}).setdefault(month, set()).add(code)
        for width in ("long", "medium"):
            pattern = locale.date_formats[width].pattern
            for literal in re.findall(r"'([^']+)'", pattern):
                for word in literal.split():
                    fillers.setdefault(word.lower(), set()).add(code)
    lines, both = [], []
    for word, found in sorted(months.items()):
        if len(found) > 1:
            both.append(word)
            continue
        ((month, codes),) = found.items()
        lines.append(f"{word}\tmonth\t{month}\t{','.join(sorted(codes))}")
    for word, codes in sorted(fillers.items()):
        if word not in months:
            lines.append(f"{word}\tfiller\t0\t{','.join(sorted(codes))}")
    write(
        "month-names.tsv",
        [
            "Months' names and abbreviations, lower case without a closing dot, in the",
            "languages whose dates payrolls write with the month's name, and the words",
            "their long dates put between day, month and year. Generated by",
            "scripts/refresh-data.py: do not edit.",
            "",
            f"version: {BABEL.split('==')[1]}+{today}",
            f"source: Unicode CLDR via {BABEL} (BSD-3-Clause), locales {' '.join(MONTH_LOCALES)}",
            f"left out, naming two months: {' '.join(both) or 'none'}",
        ],
        "word\tkind\tmonth\tlocales",
        lines,
        HOST_DATA,
    )


# Exchange keys an e-wallet provider written that way does not mean: the
# first word of another payment brand's name, or an exchange that is
# foremost a fiat e-wallet (whose peso salaries would all be "crypto").
EXCHANGE_KEYS_LEFT_OUT = {
    "mercado": "ccxt's id for Mercado Bitcoin; Mercado Pago is MercadoLibre's e-wallet",
    "coinsph": "Coins.ph is a Philippine e-money issuer's peso wallet as well as an exchange",
}


def exchange_key(text: str) -> str:
    """A name or id as the plugin compares it (`destination::crypto_exchange`):
    lower case, letters and digits only ("Crypto.com" is "cryptocom")."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def crypto_exchanges(ccxt_dir: pathlib.Path, today: str) -> None:
    """Each exchange module's `describe()` literal, read without importing
    ccxt (which needs its dependencies): its id and name, and whether it is
    a `dex` (no account held for a customer, so none a salary is paid to)."""
    import ast

    keys: dict[str, tuple[str, str]] = {}
    dexes = []
    for module in sorted((ccxt_dir / "ccxt").glob("*.py")):
        described = {}
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                fields = {
                    k.value: v for k, v in zip(node.keys, node.values)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                }
                if {"id", "name", "countries"} <= fields.keys():
                    described = fields
                    break
        if not described:
            continue  # an alias module (binanceusdm) that extends another
        ident = ast.literal_eval(described["id"])
        name = ast.literal_eval(described["name"])
        if "dex" in described and ast.literal_eval(described["dex"]) is True:
            dexes.append(ident)
            continue
        keys.setdefault(exchange_key(name), (name, ident))
        # The id names the exchange by the name's first words when it is
        # their key ("coinbase" of "Coinbase Advanced", a product's name).
        words = name.split()
        by_id = next(
            (" ".join(words[:n]) for n in range(1, len(words) + 1)
             if exchange_key(" ".join(words[:n])) == exchange_key(ident)),
            name,
        )
        keys.setdefault(exchange_key(ident), (by_id, ident))
    for key in EXCHANGE_KEYS_LEFT_OUT:
        keys.pop(key, None)
    left_out = "; ".join(f"{k} ({why})" for k, why in EXCHANGE_KEYS_LEFT_OUT.items())
    write(
        "crypto-exchanges.tsv",
        [
            "Custodial crypto exchanges: an e-wallet provider written as one (\"Binance",
            "Pay\", \"Coinbase\", \"Crypto.com\") is an account where crypto is paid.",
            "A key is a name or id in lower-case letters and digits; a provider is",
            "the exchange when its first words make the key. Generated by",
            "scripts/refresh-data.py: do not edit.",
            "",
            f"version: {CCXT.split('==')[1]}+{today}",
            f"source: PyPI {CCXT} (MIT), each exchange's describe(): id and name",
            f"left out, decentralised (dex): {' '.join(dexes)}",
            f"left out: {left_out}",
        ],
        "key\tname\tccxt-id",
        [f"{key}\t{name}\t{ident}" for key, (name, ident) in sorted(keys.items())],
    )


# The packs `python3 scripts/refresh-data.py NAME` writes alone.
ALONE = {
    "month-names": lambda tmp, today: month_names(download(BABEL, tmp), today),
    "crypto-exchanges": lambda tmp, today: crypto_exchanges(download(CCXT, tmp), today),
    "nicknames": lambda tmp, today: nicknames(download(NICKNAMES, tmp), today),
    "legal-forms": lambda tmp, today: legal_forms(
        download_source(RIGOUR, tmp), download_source(CENSUS_NAMES, tmp), today
    ),
}


def main() -> None:
    today = datetime.date.today().isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        if len(sys.argv) == 2 and sys.argv[1] in ALONE:
            ALONE[sys.argv[1]](tmp, today)
            return
        month_names(download(BABEL, tmp), today)
        crypto_exchanges(download(CCXT, tmp), today)
        schwifty = download(SCHWIFTY, tmp)
        e_money(schwifty, today)
        banking_areas(schwifty, today)
        iban_national(schwifty, today)
        nicknames(download(NICKNAMES, tmp), today)
        slavic = east_slavic_groups(
            download(NAMES_TRANSLATOR, tmp), download(TRANSLITUA, tmp), download(DAWG_PYTHON, tmp)
        )
        rigour = download_source(RIGOUR, tmp)
        name_variants(rigour, slavic, today)
        census = download_source(CENSUS_NAMES, tmp)
        surnames(census, today)
        legal_forms(rigour, census, today)
        phone_regions(download(PHONENUMBERS, tmp) / "phonenumbers", today)
        sanctioned_wallets(download(RISKGATE, tmp), today)


if __name__ == "__main__":
    main()
