// Fifteenth held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: npm `gender-detection-from-name` 1.11.5 (MIT, Davide Violante): its per-language
// maps of first names (en, de, fr, es, it) give the people in the sentences and the local parts
// of e-mail addresses. It has no randomness of its own, so every pick from it, and every other
// pick here, comes from the one seeded PRNG of npm `seedrandom` 3.0.5 (MIT). Seed: 15151515
// (SEED below). Each map is filtered to plain ASCII names of 3-11 letters and sorted before any
// pick. The package has no surnames and no Dutch, Portuguese or Polish names: those are short
// hand-written lists here.
// What the package lacks is built here from public algorithms: issuer prefix ranges + Luhn for
// cards; ISO 13616 mod-97 IBANs for 13 countries (with the national check digits of ES (CCC),
// BE (mod 97), FR (RIB key), IT (CIN), PT (NIB) and PL (bank-code digit)); the eight national
// identifiers (SSN area/group/serial rules, HMRC NINO prefixes, BSN 11-test, IdNr ISO 7064
// mod 11,10, NIR mod 97, DNI/NIE mod 23, codice fiscale from the person's own name, birth date
// and a Belfiore code); phone numbers from the numbering plans of 13 regions; Luhn / ISBN /
// EAN / ISO 11649 check digits for the benign IMEI, ICCID, SIRET, ISBN, EAN and creditor
// reference numbers. Phone, IBAN and IdNr candidates are drawn first into pools and only those
// the reference validators accept are kept, so untampered values are valid by construction.
// About one value in twelve is tampered with on purpose (a changed digit, a dropped digit, an
// unissued prefix; its form ends in ":tampered"; a changed phone number may still be a number
// of the plan, and is then labelled valid); every `check` label comes ONLY from
// bench/pii_reference_checks.py (python-stdnum, phonenumbers, Luhn), spawned with the Python
// named by $PII15_PYTHON (default /work/main/.venv/bin/python).
//
// Run:  npm install --prefix /tmp/g15 gender-detection-from-name@1.11.5 seedrandom@3.0.5
//       node bench/make_pii_fifteenth.mjs [out.json]   (default bench/data/pii_fifteenth.json)
//       ($PII15_NODE_DIR names the npm prefix holding that node_modules; default /tmp/g15)
// Same inputs -> same file byte for byte.
// All templates and benign sentences were written blind (without reading the engine, its tests,
// its docs or the earlier corpora and their generators beyond the fourteenth's header), and the
// output file was committed before any detector ran on it.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODS = process.env.PII15_NODE_DIR || "/tmp/g15";
const require = createRequire(path.join(MODS, "package.json"));
const seedrandom = require("seedrandom");
const PKG = "gender-detection-from-name";
const PKG_VERSION = require(`${PKG}/package.json`).version;
const PYTHON = process.env.PII15_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || path.join(HERE, "data", "pii_fifteenth.json");
const SEED = 15151515;
const rng = seedrandom(String(SEED));

const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = (a) => a[Math.floor(rng() * a.length)];
const chance = (p) => rng() < p;
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const pad = (n, w) => String(n).padStart(w, "0");
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");

// ---------------------------------------------------------------- names
function firstNames(lang) {
  const m = require(`${PKG}/names/${lang}`);
  return [...m.keys()].filter((n) => /^[a-z]{3,11}$/.test(n)).sort().map(cap);
}
const FIRST = { en: firstNames("en"), de: firstNames("de"), fr: firstNames("fr"), es: firstNames("es"), it: firstNames("it") };
FIRST.nl = ["Bram", "Daan", "Sanne", "Femke", "Joost", "Maartje", "Sjoerd", "Lieke", "Ruud", "Anouk", "Thijs", "Ilse", "Wouter", "Marloes", "Kees", "Eline", "Jeroen", "Fleur", "Gert", "Noor"].concat(FIRST.de.slice(0, 60));
FIRST.pt = ["João", "Inês", "Gonçalo", "Beatriz", "Tiago", "Mariana", "Rui", "Leonor", "Thiago", "Luana", "Caio", "Larissa", "Rafael", "Camila", "Diogo", "Bruna", "Vitor", "Aline", "Paulo", "Rita"].concat(FIRST.es.slice(0, 60));
FIRST.pl = ["Krzysztof", "Agnieszka", "Tomasz", "Małgorzata", "Piotr", "Katarzyna", "Marek", "Joanna", "Paweł", "Ewa", "Grzegorz", "Magdalena", "Łukasz", "Zofia", "Wojciech", "Dorota", "Jakub", "Barbara", "Michał", "Aleksandra"];
const SUR = {
  en: ["Whitfield", "Okafor", "Brennan", "Hollis", "Patel", "McAllister", "Gardner", "Rowe", "Ashworth", "Nguyen", "Doyle", "Kavanagh", "Pritchard", "Lowell", "Sutton"],
  de: ["Brandt", "Kowalczyk", "Hoffmann", "Lehmann", "Vogt", "Albrecht", "Kühn", "Seidel", "Busch", "Reinhardt", "Graf", "Schuster", "Yilmaz", "Winkler", "Pohl"],
  fr: ["Lefebvre", "Garnier", "Chevalier", "Rousseau", "Benali", "Faure", "Mercier", "Lemoine", "Perrin", "Gauthier", "Boyer", "Fontaine", "Caron", "Roussel", "Marchand"],
  es: ["Ortega", "Navarro", "Castillo", "Iglesias", "Serrano", "Molina", "Domínguez", "Vidal", "Herrero", "Cabrera", "Pascual", "Rubio", "Medina", "Garrido", "Soler"],
  it: ["Ferraro", "Esposito", "Colombo", "Barbieri", "Rinaldi", "Galli", "Conti", "Marchetti", "Caruso", "Fontana", "Lombardi", "Greco", "Moretti", "Santoro", "Mancini"],
  nl: ["de Vries", "Bakker", "Visser", "Smit", "van Dijk", "Mulder", "de Boer", "Dekker", "Brouwer", "van der Linden", "Hendriks", "Kuipers", "Veenstra", "Postma", "Jonker"],
  pt: ["Ferreira", "Carvalho", "Sousa", "Almeida", "Ribeiro", "Pereira", "Costa", "Gomes", "Martins", "Rocha", "Barbosa", "Teixeira", "Moreira", "Nogueira", "Cardoso"],
  pl: ["Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski", "Pawlak"],
};
const person = (lang) => ({ first: pick(FIRST[lang]), last: pick(SUR[lang]) });

// ---------------------------------------------------------------- locales
const LOCALES = ["en-US", "en-GB", "en-IE", "de", "de-AT", "de-CH", "fr", "fr-BE", "es", "it", "nl", "nl-BE", "pt-PT", "pt-BR", "pl"];
const HOME = { de: "DE", fr: "FR", es: "ES", it: "IT", nl: "NL", pl: "PL" };
const regionOf = (loc) => (loc.includes("-") ? loc.split("-")[1] : HOME[loc]);
const langOf = (loc) => loc.slice(0, 2);

// ---------------------------------------------------------------- reference checks
function check(rows) {
  const input = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const res = spawnSync(PYTHON, [path.join(HERE, "pii_reference_checks.py")], { input, encoding: "utf-8", maxBuffer: 1 << 26 });
  if (res.status !== 0) {
    throw new Error(`pii_reference_checks.py failed (${res.status}): ${res.stderr}\nfix: set PII15_PYTHON to a Python with python-stdnum and phonenumbers`);
  }
  return JSON.parse(res.stdout);
}

// ---------------------------------------------------------------- phones
// [country code, trunk prefix, NSN candidate makers, national groupings]
const PLANS = {
  US: ["1", "", [() => pick(["212", "415", "312", "617", "206", "303", "512", "404", "713", "305", "602", "919"]) + int(2, 9) + digits(2) + digits(4)], [3, 3, 4]],
  GB: ["44", "0", [() => "7" + pick(["4", "5", "7", "8", "9"]) + digits(8), () => "20" + pick(["3", "7", "8"]) + digits(7), () => "161" + int(2, 9) + digits(6), () => "131" + int(2, 9) + digits(6)], [4, 6]],
  IE: ["353", "0", [() => "8" + pick(["3", "5", "6", "7", "9"]) + int(1, 9) + digits(6), () => "1" + int(2, 9) + digits(6)], [2, 3, 4]],
  DE: ["49", "0", [() => "15" + pick(["1", "2", "7", "9"]) + digits(8), () => "17" + digits(8), () => "30" + int(2, 9) + digits(7), () => "89" + int(2, 9) + digits(6), () => "40" + int(2, 9) + digits(7)], [4, 8]],
  AT: ["43", "0", [() => "66" + int(0, 9) + digits(7), () => "1" + int(2, 9) + digits(6)], [4, 7]],
  CH: ["41", "0", [() => "7" + pick(["6", "7", "8", "9"]) + digits(7), () => "44" + int(2, 9) + digits(6)], [3, 3, 2, 2]],
  FR: ["33", "0", [() => pick(["6", "7"]) + digits(8), () => int(1, 5) + digits(8)], [2, 2, 2, 2, 2]],
  BE: ["32", "0", [() => "4" + int(7, 9) + digits(7), () => "2" + int(2, 9) + digits(6)], [4, 2, 2, 2]],
  ES: ["34", "", [() => pick(["6", "7"]) + digits(8), () => "9" + int(1, 8) + digits(7)], [3, 3, 3]],
  IT: ["39", "", [() => "3" + int(2, 9) + digits(8), () => "06" + digits(8), () => "02" + digits(8)], [3, 3, 4]],
  NL: ["31", "0", [() => "6" + int(1, 5) + digits(7), () => "20" + int(2, 9) + digits(6), () => "10" + int(2, 9) + digits(6)], [2, 8]],
  PT: ["351", "", [() => "9" + pick(["1", "2", "3", "6"]) + digits(7), () => "2" + int(1, 9) + digits(7)], [3, 3, 3]],
  BR: ["55", "0", [() => pick(["11", "21", "31", "41", "51"]) + "9" + digits(8), () => pick(["11", "21"]) + int(2, 5) + digits(7)], [2, 5, 4]],
  PL: ["48", "", [() => pick(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + digits(7), () => "22" + digits(7)], [3, 3, 3]],
};
const group = (s, sizes, sep) => {
  const out = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= s.length) break;
    out.push(s.slice(i, i + n));
    i += n;
  }
  if (i < s.length) out[out.length - 1] += s.slice(i);
  return out.join(sep);
};
function phoneForms(region, nsn) {
  const [cc, trunk, , sizes] = PLANS[region];
  const nat = trunk + nsn;
  const f = {
    intl_space: `+${cc} ${group(nsn, sizes, " ")}`,
    intl_00: `00${cc} ${group(nsn, sizes, " ")}`,
    intl_compact: `+${cc}${nsn}`,
    national_space: group(nat, [trunk.length + sizes[0], ...sizes.slice(1)], " "),
    national_compact: nat,
    national_dash: group(nat, [trunk.length + sizes[0], ...sizes.slice(1)], "-"),
  };
  if (region === "US") {
    f.paren = `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`;
    f.dotted = `${nsn.slice(0, 3)}.${nsn.slice(3, 6)}.${nsn.slice(6)}`;
    f.with_ext = `${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)} ext. ${int(10, 999)}`;
    f.one_dash = `1-${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`;
  } else if (trunk) {
    f.intl_trunk = `+${cc} (0)${group(nsn, sizes, " ")}`;
    f.dotted = group(nat, [trunk.length + sizes[0], ...sizes.slice(1)], ".");
    if (region === "DE" || region === "AT") f.slash = `${nat.slice(0, trunk.length + sizes[0])}/${nsn.slice(sizes[0])}`;
    if (region === "BR") f.paren = `(${nsn.slice(0, 2)}) ${nsn.slice(2, nsn.length - 4)}-${nsn.slice(-4)}`;
  } else {
    f.dotted = group(nsn, sizes, ".");
  }
  return f;
}

// ---------------------------------------------------------------- cards
const CARD_ISSUERS = [
  ["visa", () => "4" + digits(14), 16],
  ["visa", () => "4" + digits(14), 16],
  ["mastercard", () => String(int(51, 55)) + digits(13), 16],
  ["mastercard", () => String(int(2221, 2720)) + digits(11), 16],
  ["amex", () => pick(["34", "37"]) + digits(12), 15],
  ["discover", () => "6011" + digits(11), 16],
  ["jcb", () => String(int(3528, 3589)) + digits(11), 16],
  ["diners", () => "36" + digits(11), 14],
];
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
function cardForms(num) {
  const f = { compact: num };
  if (num.length === 15) {
    f.spaced = `${num.slice(0, 4)} ${num.slice(4, 10)} ${num.slice(10)}`;
    f.dashed = `${num.slice(0, 4)}-${num.slice(4, 10)}-${num.slice(10)}`;
  } else if (num.length === 14) {
    f.spaced = `${num.slice(0, 4)} ${num.slice(4, 10)} ${num.slice(10)}`;
  } else {
    f.spaced = group(num, [4, 4, 4, 4], " ");
    f.dashed = group(num, [4, 4, 4, 4], "-");
    f.dotted = group(num, [4, 4, 4, 4], ".");
    f.double_space = group(num, [4, 4, 4, 4], "  ");
  }
  return f;
}

// ---------------------------------------------------------------- IBANs
const toNum = (s) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
const mod97 = (s) => Number(BigInt(toNum(s)) % 97n);
const ibanOf = (cc, bban) => cc + pad(98 - mod97(bban + cc + "00"), 2) + bban;
const ODD = { 0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
const evenVal = (c) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
const oddEvenLetter = (s) => String.fromCharCode(65 + ([...s].reduce((a, c, i) => a + (i % 2 === 0 ? ODD[c] : evenVal(c)), 0) % 26));
function ccc(s) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const v = 11 - ([...s].reduce((a, c, i) => a + Number(c) * w[i], 0) % 11);
  return String(v === 11 ? 0 : v === 10 ? 1 : v);
}
const IBAN_MAKERS = {
  DE: () => int(1, 8) + digits(7) + digits(10),
  GB: () => pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8),
  IE: () => pick(["AIBK", "BOFI"]) + digits(6) + digits(8),
  AT: () => int(1, 9) + digits(4) + digits(11),
  CH: () => "00" + int(2, 9) + digits(2) + digits(12),
  FR: () => {
    const bank = pad(int(10000, 30999), 5), branch = digits(5), acct = digits(11);
    const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(acct)) % 97);
    return bank + branch + acct + pad(key, 2);
  },
  BE: () => {
    const n = pad(int(1, 999), 3) + digits(7);
    const r = Number(BigInt(n) % 97n);
    return n + pad(r === 0 ? 97 : r, 2);
  },
  ES: () => {
    const bank = pick(["2100", "0049", "0182", "0081", "2038", "0128"]), branch = digits(4), acct = digits(10);
    return bank + branch + ccc("00" + bank + branch) + ccc(acct) + acct;
  },
  IT: () => {
    const rest = pick(["03069", "02008", "05034", "03062"]) + digits(5) + digits(12);
    return oddEvenLetter(rest) + rest;
  },
  NL: () => pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"]) + digits(10),
  PT: () => {
    const n = pick(["0035", "0033", "0007", "0010", "0036"]) + digits(4) + digits(11);
    return n + pad(98 - Number((BigInt(n) * 100n) % 97n), 2);
  },
  PL: () => {
    const b = digits(7);
    const w = [3, 9, 7, 1, 3, 9, 7];
    const c = (10 - ([...b].reduce((a, d, i) => a + Number(d) * w[i], 0) % 10)) % 10;
    return b + c + digits(16);
  },
  BR: () => digits(8) + digits(5) + digits(10) + pick(["C", "P"]) + "1",
};
function ibanForms(iban) {
  const g = group(iban, Array(9).fill(4), " ");
  return { grouped: g, compact: iban, lower_grouped: g.toLowerCase(), dashed: group(iban, Array(9).fill(4), "-") };
}

// ---------------------------------------------------------------- national identifiers
const NINO_A = "ABCEGHJKLMNOPRSTWXYZ";
const NINO_B = "ABCEGHJKLMNPRSTWXYZ";
const BELFIORE = ["H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "D969", "A662", "L424", "B157"];
function cfPart(s, isName) {
  const L = fold(s).toUpperCase().replace(/[^A-Z]/g, "");
  const cons = [...L].filter((c) => !"AEIOU".includes(c));
  const vow = [...L].filter((c) => "AEIOU".includes(c));
  if (isName && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons.join("") + vow.join("") + "XXX").slice(0, 3);
}
function idnrCheck(s) {
  let product = 10;
  for (const c of s) {
    let sum = (Number(c) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  return String((11 - product) % 10);
}
const ID_MAKERS = {
  us_ssn: () => {
    let a;
    do a = int(1, 899); while (a === 666);
    const n = pad(a, 3) + pad(int(1, 99), 2) + pad(int(1, 9999), 4);
    return { raw: n, forms: { dashed: `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`, spaced: `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`, compact: n } };
  },
  uk_nino: () => {
    let p;
    do p = pick([...NINO_A]) + pick([...NINO_B]); while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(p));
    const d = digits(6), s = pick(["A", "B", "C", "D"]);
    return { raw: p + d + s, forms: { spaced: `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${s}`, compact: p + d + s, lower: (p + d + s).toLowerCase() } };
  },
  nl_bsn: () => {
    let n;
    do {
      const b = String(int(1, 9)) + digits(7);
      const s = [...b].reduce((a, d, i) => a + Number(d) * (9 - i), 0) % 11;
      n = s === 10 ? null : b + s;
    } while (!n);
    return { raw: n, forms: { compact: n, dotted: `${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}`, spaced: `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` } };
  },
  de_idnr: () => {
    const ds = [..."0123456789"];
    for (let i = ds.length - 1; i > 0; i--) {
      const j = int(0, i);
      [ds[i], ds[j]] = [ds[j], ds[i]];
    }
    const nine = ds.slice(0, 9);
    const body = [...nine, pick(nine)];
    for (let i = body.length - 1; i > 0; i--) {
      const j = int(0, i);
      [body[i], body[j]] = [body[j], body[i]];
    }
    if (body[0] === "0") body.push(body.shift());
    const b = body.join("");
    const n = b + idnrCheck(b);
    return { raw: n, forms: { compact: n, spaced: `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}` } };
  },
  fr_nir: () => {
    let dep;
    do dep = int(1, 95); while (dep === 20);
    const b = String(int(1, 2)) + pad(int(40, 99), 2) + pad(int(1, 12), 2) + pad(dep, 2) + pad(int(1, 990), 3) + pad(int(1, 999), 3);
    const n = b + pad(97 - Number(BigInt(b) % 97n), 2);
    return { raw: n, forms: { compact: n, spaced: `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}` } };
  },
  es_dni: () => {
    const d = pad(int(1000000, 99999999), 8);
    const n = d + "TRWAGMYFPDXBNJZSQVHLCKE"[Number(d) % 23];
    return { raw: n, forms: { compact: n, dashed: `${d}-${n[8]}`, dotted: `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5)}-${n[8]}` } };
  },
  es_nie: () => {
    const p = pick(["X", "Y", "Z"]), d = digits(7);
    const n = p + d + "TRWAGMYFPDXBNJZSQVHLCKE"[Number("XYZ".indexOf(p) + d) % 23];
    return { raw: n, forms: { compact: n, dashed: `${p}-${d}-${n[8]}`, lower: n.toLowerCase() } };
  },
  it_cf: () => {
    const who = person("it");
    const female = chance(0.5);
    const y = int(1945, 2003), m = int(1, 12), d = int(1, 28);
    const b = cfPart(who.last, false) + cfPart(who.first, true) + pad(y % 100, 2) + "ABCDEHLMPRST"[m - 1] + pad(d + (female ? 40 : 0), 2) + pick(BELFIORE);
    const n = b + oddEvenLetter(b);
    return { raw: n, who, forms: { compact: n, lower: n.toLowerCase(), spaced: `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 11)} ${n.slice(11)}` } };
  },
};
const ID_LOCALE = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl", de_idnr: "de", fr_nir: "fr", es_dni: "es", es_nie: "es", it_cf: "it" };
const ID_NAME = { us_ssn: "SSN", uk_nino: "NI number", nl_bsn: "BSN", de_idnr: "Steuer-ID", fr_nir: "n° de sécu", es_dni: "DNI", es_nie: "NIE", it_cf: "codice fiscale" };

// ---------------------------------------------------------------- e-mail
const DOMAINS = {
  en: ["gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "eircom.net", "hotmail.com", "northwind-logistics.com", "brightmoor.co.uk"],
  de: ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmx.at", "bluewin.ch", "stadtwerke-musterhausen.de", "kanzlei-brandt.de"],
  fr: ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "skynet.be", "atelier-lumiere.fr", "mairie-exemple.fr"],
  es: ["telefonica.es", "gmail.com", "hotmail.es", "yahoo.es", "clinicasol.es", "construcciones-ortega.es"],
  it: ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "studiolegale-rinaldi.it", "pec.comune.example.it"],
  nl: ["ziggo.nl", "kpnmail.nl", "hetnet.nl", "telenet.be", "xs4all.nl", "bakkerij-visser.nl"],
  pt: ["sapo.pt", "uol.com.br", "bol.com.br", "gmail.com", "terra.com.br", "clinica-almeida.pt"],
  pl: ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "gazeta.pl", "biuro-nowak.pl"],
};
function emailForms(lang) {
  const who = person(lang);
  const f = fold(who.first).toLowerCase().replace(/[^a-z]/g, "");
  const l = fold(who.last).toLowerCase().replace(/[^a-z]/g, "");
  const dom = pick(DOMAINS[lang]);
  return {
    who,
    forms: {
      dot: `${f}.${l}@${dom}`,
      initial: `${f[0]}${l}@${dom}`,
      underscore_digits: `${f}_${l}${int(1, 99)}@${dom}`,
      plus_tag: `${f}+${pick(["news", "shop", "work", "2024", "rechnungen", "factures"])}@${dom}`,
      upper: `${cap(f)}.${cap(l)}@${dom.toUpperCase()}`,
      subdomain: `${l}.${f[0]}@${pick(["mail", "post", "team", "eu"])}.${dom}`,
      hyphen_year: `${f}-${l}${int(60, 99)}@${dom}`,
    },
  };
}

// ---------------------------------------------------------------- templates
// "N|" names the value's kind, "Q|" names nothing. {v} value, {name} full name, {first}, {id}.
const T = {
  en: {
    email: ["N|Hi team, please use my new email {v} from Monday on.", "N|email: {v}", "N|Can u send the invoice to {v}? thx", "Q|{name} <{v}>", "Q|reply to {v} not this address lol"],
    phone: ["N|You can reach me on my mobile {v} after 6pm.", "N|Tel: {v} | {name}", "N|[voice transcript] yeah my number is {v}, call back whenever", "Q|{first} - {v} (text first pls)", "Q|Best, {name}\n{v}"],
    card: ["N|I paid with my card ending... actually the full number is {v}", "N|Card number: {v} exp 09/27", "N|charge it to my visa {v} please", "Q|{v} - {name}", "Q|hey {first}, it's {v}, same as last time"],
    iban: ["N|Please wire the deposit to IBAN {v} (beneficiary {name}).", "N|my iban is {v} ok?", "N|Bank details - IBAN: {v}, ref: rent march", "Q|{name}, {v}", "Q|Refund goes to {v} as discussed."],
    national_id: ["N|My {id} is {v}, do you need anything else?", "N|{id}: {v}", "N|ticket #4471: customer gave {id} {v} over the phone", "Q|{name}; {v}; approved", "Q|ok so that's {v} for {first}"],
  },
  de: {
    email: ["N|Meine neue E-Mail-Adresse lautet {v}.", "N|E-Mail: {v}", "N|Bitte schick die Unterlagen an meine Mail {v}, danke!", "Q|Viele Grüße\n{name}\n{v}", "Q|Antwort bitte an {v}"],
    phone: ["N|Sie erreichen mich telefonisch unter {v}.", "N|Tel.: {v}", "N|Handy: {v} (ab 17 Uhr)", "Q|{name}, {v}", "Q|Ruf mal {v} an, das ist {first}"],
    card: ["N|Kreditkartennummer: {v}", "N|Ich habe mit der Karte {v} bezahlt, aber nichts erhalten.", "N|Bitte buchen Sie die Kaution von meiner Kreditkarte {v} ab.", "Q|{v} / gültig bis 11/26", "Q|{first} meinte, es wäre {v}"],
    iban: ["N|Bitte überweisen Sie den Betrag auf mein Konto, IBAN {v}.", "N|IBAN: {v}  BIC: folgt", "N|Kontoverbindung: {name}, IBAN {v}", "Q|Erstattung bitte auf {v}", "Q|{v} ({name})"],
    national_id: ["N|Meine {id} lautet {v}.", "N|{id} des Antragstellers: {v}", "N|Laut Formular ist die {id} {v}.", "Q|{name} - {v}", "Q|Nachtrag: {v} bitte eintragen"],
  },
  fr: {
    email: ["N|Mon adresse e-mail est {v}, merci de la noter.", "N|Courriel : {v}", "N|Envoyez le devis par mail à {v} svp", "Q|Cordialement,\n{name}\n{v}", "Q|répondre à {v} uniquement"],
    phone: ["N|Vous pouvez me joindre au {v} en journée.", "N|Tél. : {v}", "N|mon portable c'est le {v}", "Q|{name} — {v}", "Q|Rappeler {first} au {v}"],
    card: ["N|Numéro de carte bancaire : {v}", "N|J'ai réglé avec la carte {v} mais le paiement a été refusé.", "N|Débitez ma carte {v} s'il vous plaît.", "Q|{v} exp. 04/28", "Q|c'est {v} pour {first}"],
    iban: ["N|Merci de virer la somme sur l'IBAN {v}.", "N|IBAN : {v} — titulaire : {name}", "N|RIB joint, IBAN {v}", "Q|Remboursement sur {v} svp", "Q|{name} ; {v}"],
    national_id: ["N|Mon {id} est le {v}.", "N|{id} : {v}", "N|L'assuré a communiqué son {id} : {v}", "Q|{name}, {v}", "Q|à saisir : {v}"],
  },
  es: {
    email: ["N|Mi correo electrónico es {v}", "N|Email: {v}", "N|Mándame la factura al correo {v} porfa", "Q|Saludos,\n{name}\n{v}", "Q|contestar a {v}"],
    phone: ["N|Puede llamarme al teléfono {v} por las mañanas.", "N|Tlf: {v}", "N|mi móvil es el {v}", "Q|{name} · {v}", "Q|Llama a {first} al {v}"],
    card: ["N|Número de tarjeta: {v}", "N|Pagué con la tarjeta {v} y me cobraron dos veces.", "N|cárgalo a mi tarjeta de crédito {v}", "Q|{v} cad. 02/27", "Q|es {v}, de {first}"],
    iban: ["N|Por favor, haga la transferencia a la cuenta IBAN {v}.", "N|IBAN: {v} (titular {name})", "N|Datos bancarios — IBAN {v}", "Q|Devolución a {v}", "Q|{name}: {v}"],
    national_id: ["N|Mi {id} es {v}.", "N|{id}: {v}", "N|El cliente facilitó su {id} {v} por teléfono.", "Q|{name}, {v}", "Q|apuntar {v} en la ficha"],
  },
  it: {
    email: ["N|Il mio indirizzo email è {v}", "N|E-mail: {v}", "N|Mandami il preventivo via mail a {v} grazie", "Q|Cordiali saluti\n{name}\n{v}", "Q|rispondere a {v}"],
    phone: ["N|Mi può contattare al numero {v}.", "N|Cell.: {v}", "N|il mio telefono è {v}, chiamami pure", "Q|{name} – {v}", "Q|Richiamare {first} al {v}"],
    card: ["N|Numero carta di credito: {v}", "N|Ho pagato con la carta {v} ma l'ordine non risulta.", "N|Addebitate pure sulla mia carta {v}.", "Q|{v} scad. 07/26", "Q|è {v}, quella di {first}"],
    iban: ["N|Effettuare il bonifico sull'IBAN {v}.", "N|IBAN: {v} intestato a {name}", "N|Coordinate bancarie: IBAN {v}", "Q|Rimborso su {v} per favore", "Q|{name} / {v}"],
    national_id: ["N|Il mio {id} è {v}.", "N|{id}: {v}", "N|Il paziente ha indicato come {id} {v}.", "Q|{name}, {v}", "Q|da inserire: {v}"],
  },
  nl: {
    email: ["N|Mijn e-mailadres is {v}", "N|E-mail: {v}", "N|Stuur de factuur even naar mijn mail {v}", "Q|Met vriendelijke groet,\n{name}\n{v}", "Q|antwoorden naar {v} aub"],
    phone: ["N|U kunt mij bellen op {v}.", "N|Tel: {v}", "N|mijn mobiele nummer is {v}", "Q|{name} | {v}", "Q|Bel {first} even terug op {v}"],
    card: ["N|Creditcardnummer: {v}", "N|Ik heb betaald met kaart {v} maar zie geen bevestiging.", "N|Schrijf het maar af van mijn creditcard {v}.", "Q|{v} geldig t/m 10/27", "Q|het is {v} van {first}"],
    iban: ["N|Graag overmaken naar IBAN {v} t.n.v. {name}.", "N|IBAN: {v}", "N|Mijn rekeningnummer is {v}", "Q|Terugbetaling naar {v}", "Q|{name}, {v}"],
    national_id: ["N|Mijn {id} is {v}.", "N|{id}: {v}", "N|Klant heeft {id} {v} doorgegeven.", "Q|{name} - {v}", "Q|nog invullen: {v}"],
  },
  pt: {
    email: ["N|O meu e-mail é {v}", "N|Email: {v}", "N|Manda o orçamento pro meu email {v} por favor", "Q|Cumprimentos,\n{name}\n{v}", "Q|responder para {v}"],
    phone: ["N|Pode ligar-me para o {v} depois das 18h.", "N|Tel.: {v}", "N|meu celular é {v}, chama no zap", "Q|{name} - {v}", "Q|Ligar para {first}: {v}"],
    card: ["N|Número do cartão: {v}", "N|Paguei com o cartão {v} e foi cobrado duas vezes.", "N|pode debitar no meu cartão de crédito {v}", "Q|{v} val. 08/27", "Q|é {v}, do {first}"],
    iban: ["N|Por favor transfira para o IBAN {v}.", "N|IBAN: {v} (titular: {name})", "N|Dados bancários — IBAN {v}", "Q|Reembolso para {v}", "Q|{name}; {v}"],
    national_id: ["N|O meu {id} é {v}.", "N|{id}: {v}", "N|O cliente indicou o {id} {v}.", "Q|{name} — {v}", "Q|preencher com {v}"],
  },
  pl: {
    email: ["N|Mój adres e-mail to {v}", "N|E-mail: {v}", "N|Proszę wysłać fakturę na maila {v}", "Q|Pozdrawiam,\n{name}\n{v}", "Q|odpowiedź na {v}"],
    phone: ["N|Proszę dzwonić pod numer {v}.", "N|Tel. kom.: {v}", "N|mój telefon: {v}", "Q|{name}, {v}", "Q|Oddzwoń do {first}: {v}"],
    card: ["N|Numer karty: {v}", "N|Zapłaciłem kartą {v}, ale zamówienie nie doszło.", "N|Proszę obciążyć moją kartę kredytową {v}.", "Q|{v} ważna do 12/26", "Q|to {v}, karta {first}"],
    iban: ["N|Proszę o przelew na konto IBAN {v}.", "N|Numer konta: {v}", "N|Dane do przelewu: {name}, IBAN {v}", "Q|Zwrot na {v}", "Q|{name} / {v}"],
    national_id: ["N|Mój {id} to {v}.", "N|{id}: {v}", "N|Klient podał {id} {v} przez telefon.", "Q|{name} - {v}", "Q|do wpisania: {v}"],
  },
};
const templates = [];
const tplIndex = {};
for (const lang of Object.keys(T)) {
  for (const kind of Object.keys(T[lang])) {
    for (const s of T[lang][kind]) {
      const names = s.startsWith("N|");
      (tplIndex[`${lang}/${kind}`] ||= []).push(templates.length);
      templates.push({ lang, kind, names_value: names, text: s.slice(2) });
    }
  }
}
const fill = (t, v, who, id) => t.replace("{id}", id || "").replace("{name}", `${who.first} ${who.last}`).replace("{first}", who.first).replace("{v}", v);

// ---------------------------------------------------------------- tampering
function tamper(value) {
  const idx = [...value].map((c, i) => (/[0-9]/.test(c) ? i : -1)).filter((i) => i > 1);
  const i = pick(idx);
  if (chance(0.5)) return [value.slice(0, i) + ((Number(value[i]) + int(1, 9)) % 10) + value.slice(i + 1), "changed_digit"];
  return [value.slice(0, i) + value.slice(i + 1), "dropped_digit"];
}

// ---------------------------------------------------------------- pools (validated candidates)
function pool(kind, sub, region, maker, n) {
  const cands = Array.from({ length: n }, maker);
  const res = check(cands.map((value) => ({ kind, sub, value, region })));
  return cands.filter((_, i) => res.passes[i] === true);
}
const PHONE_POOL = {};
for (const r of Object.keys(PLANS)) {
  PHONE_POOL[r] = pool("phone", "", r, () => "+" + PLANS[r][0] + pick(PLANS[r][2])(), 120).map((e) => e.slice(1 + PLANS[r][0].length));
}
const IBAN_POOL = {};
for (const c of Object.keys(IBAN_MAKERS)) IBAN_POOL[c] = pool("iban", "", null, () => ibanOf(c, IBAN_MAKERS[c]()), 60);
const IDNR_POOL = pool("national_id", "de_idnr", null, () => ID_MAKERS.de_idnr().raw, 200);

// ---------------------------------------------------------------- PII records
const pii = [];
const TAMPER_P = 1 / 12;
function addRecord(locale, kind, sub, form, value, who, tplLang, id) {
  const ti = pick(tplIndex[`${tplLang}/${kind}`]);
  pii.push({ locale, kind, sub, form, check: null, template: ti, text: fill(templates[ti].text, value, who, id), values: [value] });
}
for (let k = 0; k < 415; k++) {
  const loc = pick(LOCALES), lang = langOf(loc);
  const e = emailForms(lang);
  const form = pick(Object.keys(e.forms));
  addRecord(loc, "email", "", form, e.forms[form], e.who, lang);
}
for (let k = 0; k < 415; k++) {
  const loc = pick(LOCALES), lang = langOf(loc), reg = regionOf(loc);
  const forms = phoneForms(reg, pick(PHONE_POOL[reg]));
  let form = pick(Object.keys(forms)), v = forms[form];
  if (chance(TAMPER_P)) [v, form] = [tamper(v)[0], `${form}:tampered`];
  addRecord(loc, "phone", "", form, v, person(lang), lang);
}
for (let k = 0; k < 415; k++) {
  const loc = pick(LOCALES), lang = langOf(loc);
  const [, mk] = pick(CARD_ISSUERS);
  const body = mk();
  const forms = cardForms(body + luhnDigit(body));
  let form = pick(Object.keys(forms)), v = forms[form];
  if (chance(TAMPER_P)) [v, form] = [tamper(v)[0], `${form}:tampered`];
  addRecord(loc, "card", "", form, v, person(lang), lang);
}
for (let k = 0; k < 415; k++) {
  const loc = pick(LOCALES), lang = langOf(loc), reg = regionOf(loc);
  const cc = IBAN_POOL[reg] ? reg : pick(Object.keys(IBAN_POOL));
  const forms = ibanForms(pick(IBAN_POOL[cc]));
  let form = pick(Object.keys(forms)), v = forms[form];
  if (chance(TAMPER_P)) [v, form] = [tamper(v)[0], `${form}:tampered`];
  addRecord(loc, "iban", "", form, v, person(lang), lang);
}
const ID_TAMPER = {
  us_ssn: (v) => [pick(["000", "666", "9" + digits(2)]) + v.slice(3), "bad_area"],
  uk_nino: (v) => [v.slice(0, -1) + pick(["E", "F", "X"]), "bad_suffix"],
};
for (const sub of Object.keys(ID_MAKERS)) {
  for (let k = 0; k < 47; k++) {
    const loc = ID_LOCALE[sub];
    const made = sub === "de_idnr" ? { forms: ((n) => ({ compact: n, spaced: `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}` }))(pick(IDNR_POOL)) } : ID_MAKERS[sub]();
    let form = pick(Object.keys(made.forms)), v = made.forms[form];
    if (chance(TAMPER_P)) {
      const [t, how] = ID_TAMPER[sub] && chance(0.5) ? ID_TAMPER[sub](made.forms.compact) : tamper(v);
      [v, form] = [t, `${ID_TAMPER[sub] && how !== "changed_digit" && how !== "dropped_digit" ? "compact" : form}:tampered`];
    }
    const tplLang = chance(2 / 3) ? langOf(loc) : pick(Object.keys(T));
    addRecord(loc, "national_id", sub, form, v, made.who || person(langOf(loc)), tplLang, ID_NAME[sub]);
  }
}
const labels = check(pii.map((r) => ({ kind: r.kind, sub: r.sub, value: r.values[0], region: regionOf(r.locale) })));
pii.forEach((r, i) => {
  const p = labels.passes[i];
  r.check = p === null ? "n/a" : p ? "valid" : "invalid";
});

// ---------------------------------------------------------------- benign
const isbn13 = () => {
  const b = "978" + digits(9);
  const s = [...b].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0);
  return b + ((10 - (s % 10)) % 10);
};
const ean13 = () => {
  const b = pick(["400", "300", "800", "840", "871", "560", "590"]) + digits(9);
  const s = [...b].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0);
  return b + ((10 - (s % 10)) % 10);
};
const luhnNum = (prefix, len) => {
  const b = prefix + digits(len - prefix.length - 1);
  return b + luhnDigit(b);
};
const creditorRef = () => {
  const ref = digits(int(8, 14));
  return "RF" + pad(98 - mod97(ref + "RF00"), 2) + ref;
};
const day = () => pad(int(1, 28), 2), mon = () => pad(int(1, 12), 2), yr = () => String(int(2019, 2026));
const money = () => `${int(1, 9)}${pick([".", ","])}${digits(3)},${digits(2)}`;
const B = [
  ["order_number", () => ({ n: pick(["", "A-", "ORD-", "#"]) + digits(int(7, 10)) }), { en: ["Your order {n} has shipped.", "order {n} still not here??"], de: ["Ihre Bestellung {n} wurde versandt."], pl: ["Zamówienie nr {n} zostało wysłane."], nl: ["Bestelling {n} is onderweg."] }],
  ["tracking_id", () => ({ n: pick(["1Z" + digits(3).replace(/./g, (c) => "ABCDEFGHJK"[c]) + digits(13), "JJD" + digits(18), "3S" + "ABCD".slice(0, 4) + digits(9), "RR" + digits(9) + "DE", digits(12)]) }), { en: ["Tracking number: {n}"], de: ["Sendungsnummer {n} – Zustellung morgen."], fr: ["Numéro de suivi : {n}"], es: ["Su envío {n} está en reparto."], pt: ["Código de rastreio: {n}"] }],
  ["serial_number", () => ({ n: pick(["SN", "S/N ", "Ser.-Nr. "]) + digits(4) + "-" + digits(4) + "-" + digits(4) }), { en: ["Device {n} is out of warranty."], de: ["Gerät mit {n} defekt."], it: ["Matricola {n} in riparazione."], nl: ["Serienummer: {n}"] }],
  ["date", () => ({ n: pick([`${day()}.${mon()}.${yr()}`, `${yr()}-${mon()}-${day()}`, `${mon()}/${day()}/${yr()}`, `${day()}/${mon()}/${yr()}`]) }), { en: ["The contract started on {n}."], de: ["Termin am {n} um 10 Uhr."], fr: ["Rendez-vous le {n}."], es: ["Fecha de entrega: {n}"], pl: ["Termin płatności: {n}"] }],
  ["price", () => ({ n: money() }), { de: ["Gesamtbetrag: {n} EUR"], fr: ["Total TTC : {n} €"], es: ["Importe total: {n} €"], it: ["Totale: € {n}"], pt: ["Total: R$ {n}"], pl: ["Do zapłaty: {n} zł"] }],
  ["room_number", () => ({ n: String(int(101, 1299)), m: String(int(1, 5)) }), { en: ["I'm in room {n}, can I get extra towels?"], de: ["Zimmer {n}, Frühstück für {m} Personen."], fr: ["Chambre {n}, départ tardif svp."], it: ["Camera {n}, piano {m}."] }],
  ["flight_booking", () => ({ n: pick(["LH", "BA", "AF", "IB", "AZ", "KL", "TP", "LO", "FR", "U2"]) + " " + int(100, 9999), m: String(int(1, 45)) + pick(["A", "C", "D", "F"]) }), { en: ["Flight {n} is delayed, seat {m}."], de: ["Flug {n}, Sitz {m}."], es: ["Vuelo {n} embarcando por la puerta B{m}."], nl: ["Vlucht {n}, stoel {m}."], pt: ["Voo {n}, lugar {m}."] }],
  ["invoice_ref", () => ({ n: pick(["INV-", "RE-", "FA", "FV/"]) + yr() + pick(["-", "/"]) + pad(int(1, 99999), 5) }), { en: ["Please quote {n} with your payment."], de: ["Rechnung {n} ist fällig."], fr: ["Facture {n} en pièce jointe."], pl: ["Faktura {n} w załączniku."] }],
  ["imei", () => ({ n: luhnNum(pick(["35", "86", "01"]), 15) }), { en: ["My phone's IMEI is {n}, it was stolen yesterday."], de: ["IMEI des Geräts: {n}"], es: ["IMEI: {n}"], it: ["Il codice IMEI è {n}."] }],
  ["iccid", () => ({ n: luhnNum("89" + pick(["44", "49", "33", "34", "39", "31"]), 19) }), { en: ["SIM card ICCID {n} not activating."], de: ["Die SIM-Kartennummer (ICCID) lautet {n}."], nl: ["ICCID van de simkaart: {n}"], fr: ["ICCID de la carte SIM : {n}"] }],
  ["isbn", () => ({ n: isbn13() }), { en: ["ISBN {n}, paperback edition."], de: ["Buch mit ISBN {n} bestellt."], fr: ["ISBN : {n}"], pl: ["Książka, ISBN {n}."] }],
  ["ean_barcode", () => ({ n: ean13() }), { en: ["Barcode {n} scans as the wrong item."], de: ["EAN {n} nicht im Sortiment."], nl: ["EAN-code: {n}"], es: ["Código de barras {n}"] }],
  ["siret", () => ({ n: luhnNum(String(int(3, 9)) + digits(2), 14) }), { fr: ["SIRET de l'entreprise : {n}", "Notre numéro SIRET est le {n}."], en: ["French supplier, SIRET {n}."] }],
  ["time_duration", () => ({ n: `${pad(int(6, 21), 2)}:${pick(["00", "15", "30", "45"])}`, m: String(int(15, 180)) }), { en: ["Meeting at {n}, about {m} minutes."], de: ["Treffen um {n}, Dauer ca. {m} Minuten."], it: ["Riunione alle {n}, durata {m} minuti."], pt: ["Reunião às {n}, {m} minutos."] }],
  ["version_build", () => ({ n: `${int(1, 19)}.${int(0, 40)}.${int(0, 99)}`, m: `${yr()}${mon()}${day()}.${int(1, 9)}` }), { en: ["Upgraded to v{n} (build {m}), still crashes."], de: ["Version {n}, Build {m}."], nl: ["Versie {n} build {m} geïnstalleerd."] }],
  ["postal_address", () => ({ n: String(int(1, 180)), m: pad(int(1000, 99999), 5) }), { de: ["Lieferadresse: Hauptstraße {n}, {m} Musterstadt"], fr: ["{n} rue des Lilas, {m} Lyon"], es: ["Calle Mayor {n}, {m} Madrid"], it: ["Via Roma {n}, {m} Torino"] }],
  ["quantity_measure", () => ({ n: String(int(2, 48)), m: String(int(100, 2500)) }), { en: ["{n} boxes of {m} g each."], de: ["{n} x {m} ml geliefert."], pl: ["{n} sztuk po {m} g."], es: ["{n} cajas de {m} g."] }],
  ["support_ticket", () => ({ n: pick(["#", "TCK-", "INC"]) + digits(int(6, 8)) }), { en: ["Re: ticket {n} – any update?"], de: ["Ticket {n} wurde geschlossen."], fr: ["Votre demande {n} a été traitée."], pt: ["Chamado {n} aberto."] }],
  ["uuid_hash", () => ({ n: [8, 4, 4, 4, 12].map((k) => Array.from({ length: k }, () => "0123456789abcdef"[int(0, 15)]).join("")).join("-") }), { en: ["Request id {n} failed with 502."], de: ["Fehler-ID: {n}"], nl: ["Referentie-id {n}"] }],
  ["meter_reading", () => ({ n: pad(int(0, 99999), 6) + "," + int(0, 9), m: digits(8) }), { de: ["Zählerstand {n} kWh, Zähler {m}."], nl: ["Meterstand {n} kWh (meter {m})."], pl: ["Stan licznika: {n} kWh, licznik {m}."] }],
  ["gps_coordinates", () => ({ n: `${int(36, 59)}.${digits(4)}`, m: `${int(-9, 25)}.${digits(4)}` }), { en: ["Meet at {n}, {m}."], es: ["Coordenadas: {n}, {m}"], it: ["Posizione {n}, {m}."] }],
  ["statistics", () => ({ n: `${int(1, 99)},${int(0, 9)}`, m: String(int(1000, 999999)) }), { de: ["Die Quote stieg auf {n} % bei {m} Befragten."], fr: ["Taux de {n} % sur {m} réponses."], pt: ["Taxa de {n}% em {m} entrevistados."] }],
  ["sports_score", () => ({ n: `${int(0, 5)}:${int(0, 5)}`, m: String(int(12000, 81000)) }), { de: ["Endstand {n} vor {m} Zuschauern."], es: ["Resultado final {n} ante {m} espectadores."], it: ["Finisce {n} davanti a {m} spettatori."], pl: ["Wynik {n}, {m} widzów."] }],
  ["product_model", () => ({ n: pick(["WM", "KG", "XR", "SM-A"]) + digits(3) + pick(["N", "G", "X"]) + digits(2), m: ean13() }), { en: ["Model {n}, SKU {m}."], de: ["Modell {n}, Artikelnr. {m}"], nl: ["Model {n}, artikel {m}."] }],
  ["pickup_code", () => ({ n: `${digits(3)} ${digits(3)}` }), { de: ["Ihr Abholcode an der Packstation: {n}"], nl: ["Ophaalcode: {n}"], pl: ["Kod odbioru z paczkomatu: {n}"] }],
  ["train_seat", () => ({ n: String(int(100, 9999)), m: String(int(1, 14)), k: String(int(11, 118)) }), { de: ["ICE {n}, Wagen {m}, Platz {k}."], fr: ["TGV {n}, voiture {m}, place {k}."], it: ["Frecciarossa {n}, carrozza {m}, posto {k}."], nl: ["Trein {n}, rijtuig {m}, stoel {k}."] }],
  ["customer_number", () => ({ n: digits(int(7, 10)) }), { de: ["Kundennummer: {n}"], es: ["Número de cliente {n}"], it: ["Codice cliente {n}"], pt: ["Nº de cliente: {n}"] }],
  ["policy_number", () => ({ n: `${int(1, 9)}.${digits(3)}.${digits(3)}.${digits(3)}` }), { de: ["Versicherungsschein-Nr. {n}"], fr: ["Contrat n° {n}"], pl: ["Numer polisy {n}"] }],
  ["page_year_range", () => ({ n: String(int(1950, 2010)), m: String(int(10, 400)) }), { en: ["Published {n}, pp. {m}-{k}."], de: ["Erschienen {n}, S. {m} ff."], fr: ["Paru en {n}, p. {m}."] }],
  ["creditor_reference", () => ({ n: creditorRef() }), { en: ["Payment reference: {n}"], de: ["Verwendungszweck: {n}"], nl: ["Betalingskenmerk {n}"], es: ["Referencia de pago {n}"] }],
];
const benign = [];
for (const [family, gen, tpls] of B) {
  const opts = Object.entries(tpls).flatMap(([lang, list]) => list.map((t) => [lang, t]));
  for (let k = 0; k < 30; k++) {
    const vals = gen();
    const [lang, t] = pick(opts);
    const text = t.replace("{k}", vals.k || String(Number(vals.m || 0) + int(1, 30))).replace("{m}", vals.m || "").replace("{n}", vals.n);
    benign.push({ family, lang, text });
  }
}

const out = {
  source: PKG,
  source_version: PKG_VERSION,
  source_licence: "MIT",
  stdnum_version: labels.versions.stdnum_version,
  phonenumbers_version: labels.versions.phonenumbers_version,
  generator: "bench/make_pii_fifteenth.mjs",
  seed: SEED,
  locales: LOCALES,
  templates,
  templates_naming_nothing: templates.map((t, i) => (t.names_value ? -1 : i)).filter((i) => i >= 0),
  pii,
  benign,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n", "utf-8");
