// Eighth held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: unique-names-generator 4.7.1 (npm, MIT licence), seeded. It supplies the
// English given names (its `names` dictionary) and EVERY random choice in this file: each
// choice is one seeded uniqueNamesGenerator() call over a dictionary of index strings.
// Names for the other locales are our own short lists. Values the package cannot make are
// built from the public algorithms: card issuer prefixes + Luhn, ISO 13616 mod-97 IBANs
// (with the Belgian and Spanish national check digits), the checksums of US SSN ranges, UK
// NINO prefixes, NL BSN (11-proof), DE IdNr (ISO 7064 mod 11,10), FR NIR (97 - n mod 97),
// ES DNI / NIE (mod 23 letter), IT codice fiscale (odd/even tables mod 26), and phone
// numbers from national numbering plans. About one value in ten is broken on purpose.
// Every value's `check` comes ONLY from bench/pii_reference_checks.py (python-stdnum,
// phonenumbers, Luhn), run once over all values.
//
// Seed: 80808. Same inputs -> same file byte for byte.
// Run:  mkdir -p /tmp/g8 && cd /tmp/g8 && npm init -y && npm i unique-names-generator@4.7.1
//       PII8_NODE_MODULES=/tmp/g8/node_modules PII_REF_PYTHON=/work/main/.venv/bin/python \
//       node bench/make_pii_eighth.mjs [out.json]        (default bench/data/pii_eighth.json)
// The templates and benign sentences were written blind (without reading phaseone's
// detectors, tests or earlier corpora), and the output file was frozen (committed) before
// any phaseone detector ran on it.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const SEED = 80808;
const PKG = "unique-names-generator";
const PKG_VERSION = "4.7.1";
const MODULES = process.env.PII8_NODE_MODULES || "/tmp/g8/node_modules";
const PYTHON = process.env.PII_REF_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || "bench/data/pii_eighth.json";

const require = createRequire(path.join(path.resolve(MODULES), "_"));
const pkgJson = JSON.parse(readFileSync(path.join(path.resolve(MODULES), PKG, "package.json"), "utf8"));
if (pkgJson.version !== PKG_VERSION) {
  throw new Error(`${PKG} ${pkgJson.version} installed; this corpus is pinned to ${PKG_VERSION}: npm i ${PKG}@${PKG_VERSION}`);
}
const { uniqueNamesGenerator, names: UNG_NAMES } = require(PKG);

// ---------------------------------------------------------------- seeded choices
let draws = 0;
const idxCache = new Map();
function idxDict(n) {
  if (!idxCache.has(n)) idxCache.set(n, Array.from({ length: n }, (_, i) => String(i)));
  return idxCache.get(n);
}
function randIndex(n) {
  if (n === 1) return 0;
  draws += 1;
  return Number(uniqueNamesGenerator({ dictionaries: [idxDict(n)], seed: SEED + draws * 7919, length: 1 }));
}
const pick = (arr) => arr[randIndex(arr.length)];
const int = (lo, hi) => lo + randIndex(hi - lo + 1);
const digit = () => randIndex(10);
const digits = (n) => Array.from({ length: n }, () => digit()).join("");
const chance = (pct) => randIndex(100) < pct;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letter = () => LETTERS[randIndex(26)];
function shuffle(arr) {
  const a = arr.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = randIndex(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const pad = (n, w) => String(n).padStart(w, "0");

// ---------------------------------------------------------------- locales and names
const LOCALES = [
  { id: "en-US", lang: "en", region: "US" },
  { id: "en-GB", lang: "en", region: "GB" },
  { id: "en-IE", lang: "en", region: "IE" },
  { id: "en-AU", lang: "en", region: "AU" },
  { id: "de-DE", lang: "de", region: "DE" },
  { id: "de-AT", lang: "de", region: "AT" },
  { id: "de-CH", lang: "de", region: "CH" },
  { id: "fr-FR", lang: "fr", region: "FR" },
  { id: "fr-BE", lang: "fr", region: "BE" },
  { id: "es-ES", lang: "es", region: "ES" },
  { id: "it-IT", lang: "it", region: "IT" },
  { id: "nl-NL", lang: "nl", region: "NL" },
  { id: "nl-BE", lang: "nl", region: "BE" },
  { id: "pt-PT", lang: "pt", region: "PT" },
  { id: "pl-PL", lang: "pl", region: "PL" },
];
const LOC = Object.fromEntries(LOCALES.map((l) => [l.id, l]));

const SURNAMES = {
  en: ["Whitaker", "Hollis", "Brennan", "Carver", "Dunmore", "Ashby", "Fenwick", "Gallagher", "Hargreaves", "Kearney", "Lowther", "Murtagh", "Pembroke", "Quinlan", "Radcliffe", "Sutcliffe", "Thornbury", "Walsh", "Yardley", "O'Donnell"],
  de: ["Brandauer", "Eichhorn", "Fässler", "Gutknecht", "Hoffmann", "Kröger", "Lindqvist", "Mühlbauer", "Oberländer", "Pfeiffer", "Reinholz", "Schüttler", "Tannhäuser", "Vogelsang", "Wendler", "Zöllner", "Ammann", "Brügger", "Huber", "Steinacher"],
  fr: ["Aubert", "Bérard", "Chauvin", "Delacroix", "Fontaine", "Gautier", "Lemaître", "Marchand", "Noël", "Perrin", "Rousseau", "Vasseur", "Lefebvre", "Dubois", "Janssens", "Wouters", "Leclercq", "Maes", "Thiry", "Collignon"],
  es: ["Alcázar", "Barrios", "Castaño", "Domínguez", "Echeverría", "Fuentes", "Garrido", "Herrera", "Iglesias", "Jiménez", "Lozano", "Márquez", "Navarro", "Ortega", "Peña", "Quintana", "Rubio", "Sanz", "Toledo", "Valverde"],
  it: ["Albertini", "Bellucci", "Caruso", "Donati", "Esposito", "Ferraro", "Galli", "Lombardi", "Mancini", "Negri", "Orlando", "Pellegrini", "Rinaldi", "Santoro", "Testa", "Vitale", "Zanetti", "Colombo", "Benedetti", "Marchetti"],
  nl: ["Bakker", "de Groot", "van Dijk", "Hendriks", "Jansen", "Kuipers", "van Leeuwen", "Mulder", "Peeters", "de Vries", "Verbruggen", "Willems", "Claes", "Smits", "van den Berg", "Vermeulen", "Dekker", "Brouwer", "Goossens", "Timmermans"],
  pt: ["Almeida", "Barbosa", "Carvalho", "Duarte", "Esteves", "Ferreira", "Gonçalves", "Henriques", "Lopes", "Machado", "Nogueira", "Oliveira", "Pinto", "Queirós", "Ribeiro", "Sousa", "Teixeira", "Valente", "Mendes", "Correia"],
  pl: ["Adamczyk", "Bąk", "Cieślak", "Dąbrowski", "Górecka", "Jabłoński", "Kowalczyk", "Lewandowska", "Michalski", "Nowicka", "Pawlak", "Rutkowski", "Sikora", "Wróblewska", "Zając", "Krawczyk", "Szymański", "Wójcik", "Kaczmarek", "Mazur"],
};
const GIVEN = {
  de: ["Anneliese", "Bastian", "Claudia", "Dietmar", "Elke", "Florian", "Gudrun", "Henrik", "Ingrid", "Jürgen", "Katrin", "Lukas", "Marlene", "Niklas", "Ottilie", "Reto", "Sabine", "Theo", "Ursula", "Wolfgang"],
  fr: ["Amélie", "Baptiste", "Céline", "Damien", "Élodie", "Fabrice", "Gaëlle", "Hugo", "Inès", "Jérôme", "Léa", "Mathis", "Nadège", "Olivier", "Pauline", "Quentin", "Romane", "Sébastien", "Thibault", "Zoé"],
  es: ["Adrián", "Beatriz", "Carmen", "Diego", "Elena", "Fernando", "Guadalupe", "Héctor", "Inmaculada", "Javier", "Lucía", "Manuel", "Nuria", "Óscar", "Pilar", "Raúl", "Sergio", "Teresa", "Vicente", "Ximena"],
  it: ["Alessandro", "Beatrice", "Chiara", "Davide", "Elisa", "Federico", "Giulia", "Lorenzo", "Martina", "Niccolò", "Ottavio", "Paola", "Riccardo", "Serena", "Tommaso", "Valentina", "Vittoria", "Matteo", "Francesca", "Stefano"],
  nl: ["Anouk", "Bram", "Daan", "Eline", "Femke", "Gijs", "Hanneke", "Jeroen", "Joke", "Kees", "Lotte", "Maarten", "Noor", "Pieter", "Roos", "Sander", "Tessa", "Wouter", "Ruben", "Lieve"],
  pt: ["Afonso", "Beatriz", "Catarina", "Diogo", "Eduarda", "Francisco", "Gonçalo", "Helena", "Inês", "João", "Leonor", "Martim", "Matilde", "Nuno", "Rita", "Rodrigo", "Sofia", "Tiago", "Vasco", "Carolina"],
  pl: ["Agnieszka", "Bartosz", "Czesław", "Dorota", "Elżbieta", "Filip", "Grażyna", "Hubert", "Iwona", "Jakub", "Katarzyna", "Łukasz", "Małgorzata", "Norbert", "Oliwia", "Paweł", "Renata", "Szymon", "Tomasz", "Zofia"],
};
const givenName = (lang) => (lang === "en" ? pick(UNG_NAMES) : pick(GIVEN[lang]));
const surname = (lang) => pick(SURNAMES[lang]);

function ascii(s) {
  const map = { ä: "ae", ö: "oe", ü: "ue", ß: "ss", ł: "l", Ł: "L", "'": "" };
  return s
    .replace(/[äöüßłŁ']/g, (c) => map[c])
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ /g, "");
}

// ---------------------------------------------------------------- e-mail
const DOMAINS = {
  "en-US": ["comcast.net", "yahoo.com", "hillsidevets.org", "umich.edu", "gmail.com"],
  "en-GB": ["btinternet.com", "sky.com", "ed.ac.uk", "yorkchoir.org.uk", "outlook.com"],
  "en-IE": ["eircom.net", "tcd.ie", "gmail.com", "corkscouts.ie"],
  "en-AU": ["bigpond.com", "optusnet.com.au", "unimelb.edu.au", "gmail.com"],
  "de-DE": ["web.de", "gmx.de", "t-online.de", "posteo.de", "ff-lindenau.de"],
  "de-AT": ["gmx.at", "aon.at", "univie.ac.at", "chello.at"],
  "de-CH": ["bluewin.ch", "gmx.ch", "ethz.ch", "velo-werkstatt.ch"],
  "fr-FR": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "notaires-lyon.fr"],
  "fr-BE": ["skynet.be", "proximus.be", "ulb.be", "gmail.com"],
  "es-ES": ["telefonica.net", "hotmail.es", "ucm.es", "bomberos-voluntarios.es"],
  "it-IT": ["libero.it", "virgilio.it", "tiscali.it", "unibo.it", "coro-sanmarco.it"],
  "nl-NL": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "uva.nl", "fietsherstel.nl"],
  "nl-BE": ["telenet.be", "kuleuven.be", "scarlet.be", "gmail.com"],
  "pt-PT": ["sapo.pt", "netcabo.pt", "ulisboa.pt", "gmail.com"],
  "pl-PL": ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "uw.edu.pl"],
};
function makeEmail(loc) {
  const g = ascii(givenName(loc.lang)).toLowerCase();
  const s = ascii(surname(loc.lang)).toLowerCase();
  const d = pick(DOMAINS[loc.id]);
  const f = pick(["first.last", "initial+last", "last.first", "first_last+year", "first+tag", "first-last", "Capitalised", "role mailbox", "lastNN"]);
  let local;
  if (f === "first.last") local = `${g}.${s}`;
  else if (f === "initial+last") local = `${g[0]}${s}`;
  else if (f === "last.first") local = `${s}.${g}`;
  else if (f === "first_last+year") local = `${g}_${s}${int(58, 99)}`;
  else if (f === "first+tag") local = `${g}+${pick(["choir", "vet", "scouts", "bike", "fire", "deeds"])}`;
  else if (f === "first-last") local = `${g}-${s}`;
  else if (f === "Capitalised") local = `${g[0].toUpperCase()}${g.slice(1)}.${s[0].toUpperCase()}${s.slice(1)}`;
  else if (f === "role mailbox") local = `${pick(["secretaris", "kassier", "info.", "treasurer", "sekretariat", "tresorier", "segreteria"])}${s}`.replace(/\.$/, "");
  else local = `${s}${int(10, 97)}`;
  return { value: `${local}@${d}`, form: f, sub: "email" };
}

// ---------------------------------------------------------------- phones
const US_AREAS = ["212", "312", "415", "617", "303", "206", "512", "404", "305", "702", "614", "215", "503", "720", "919", "608", "801", "412"];
const AU_AREAS = ["2", "3", "7", "8"];
// each plan returns {cc, nsn:[groups of the national significant number], trunk}
const PLANS = {
  US: () => ({ cc: "1", trunk: "", nsn: [pick(US_AREAS), `${int(2, 9)}${pick(["23", "47", "58", "62", "81", "39", "74"])}`, digits(4)], us: true }),
  GB: () =>
    pick([
      () => ({ cc: "44", trunk: "0", nsn: [`7${pick(["4", "5", "7", "8", "9"])}${digits(2)}`, digits(6)] }),
      () => ({ cc: "44", trunk: "0", nsn: ["20", `${pick(["7", "8", "3"])}${digits(3)}`, digits(4)] }),
      () => ({ cc: "44", trunk: "0", nsn: [pick(["161", "131", "117", "121", "113", "114"]), `${int(4, 9)}${digits(2)}`, digits(4)] }),
    ])(),
  IE: () =>
    pick([
      () => ({ cc: "353", trunk: "0", nsn: [pick(["83", "85", "86", "87", "89"]), digits(3), digits(4)] }),
      () => ({ cc: "353", trunk: "0", nsn: ["1", `${int(4, 8)}${digits(2)}`, digits(4)] }),
    ])(),
  AU: () =>
    pick([
      () => ({ cc: "61", trunk: "0", nsn: [`4${pick(["0", "1", "2", "3", "5", "7", "8"])}${digit()}`, digits(3), digits(3)] }),
      () => ({ cc: "61", trunk: "0", nsn: [pick(AU_AREAS), `${pick(["9", "8", "5"])}${digits(3)}`, digits(4)] }),
    ])(),
  DE: () =>
    pick([
      () => ({ cc: "49", trunk: "0", nsn: (() => { const pre = pick(["151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179"]); return [pre, digits(["160", "170", "171", "172", "173", "174", "175"].includes(pre) ? 7 : 8)]; })() }),
      () => ({ cc: "49", trunk: "0", nsn: [pick(["30", "40", "89", "69", "221", "711", "351", "511"]), `${int(2, 9)}${digits(pick([5, 6]))}`] }),
    ])(),
  AT: () =>
    pick([
      () => ({ cc: "43", trunk: "0", nsn: [pick(["664", "660", "676", "699", "650", "681"]), digits(7)] }),
      () => ({ cc: "43", trunk: "0", nsn: ["1", `${int(2, 9)}${digits(6)}`] }),
    ])(),
  CH: () =>
    pick([
      () => ({ cc: "41", trunk: "0", nsn: [pick(["76", "77", "78", "79"]), digits(3), digits(2), digits(2)] }),
      () => ({ cc: "41", trunk: "0", nsn: [pick(["44", "22", "31", "61", "21", "41"]), `${int(2, 9)}${digits(2)}`, digits(2), digits(2)] }),
    ])(),
  FR: () => ({ cc: "33", trunk: "0", nsn: [pick(["6", "7", "1", "2", "3", "4", "5", "9"]), digits(2), digits(2), digits(2), digits(2)], fr: true }),
  BE: () =>
    pick([
      () => ({ cc: "32", trunk: "0", nsn: [`4${pick(["7", "8", "9"])}${int(0, 9)}`, digits(2), digits(2), digits(2)] }),
      () => ({ cc: "32", trunk: "0", nsn: [pick(["2", "3"]), `${int(2, 7)}${digits(2)}`, digits(2), digits(2)] }),
    ])(),
  ES: () => ({ cc: "34", trunk: "", nsn: [pick(["6" + int(0, 9), "6" + int(0, 9), "7" + int(1, 4), "9" + int(1, 8)]) + digit(), digits(3), digits(3)], es: true }),
  IT: () =>
    pick([
      () => ({ cc: "39", trunk: "", nsn: [`3${pick(["2", "3", "4", "5", "8", "9"])}${digit()}`, digits(7)] }),
      () => ({ cc: "39", trunk: "", nsn: [pick(["06", "02", "011", "055", "081"]), digits(pick([6, 7]))] }),
    ])(),
  NL: () =>
    pick([
      () => ({ cc: "31", trunk: "0", nsn: ["6", String(int(1, 5)) + digits(7)] }),
      () => ({ cc: "31", trunk: "0", nsn: [pick(["20", "10", "30", "70", "50"]), `${int(2, 8)}${digits(6)}`] }),
    ])(),
  PT: () => ({ cc: "351", trunk: "", nsn: [pick(["91", "92", "93", "96", "21", "22"]) + digit(), digits(3), digits(3)] }),
  PL: () => ({ cc: "48", trunk: "", nsn: [pick(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + digit(), digits(3), digits(3)] }),
};

function makePhone(loc, broken) {
  const p = PLANS[loc.region]();
  if (broken) {
    // drop or add one digit in the last group: a number of the wrong length
    const last = p.nsn[p.nsn.length - 1];
    p.nsn[p.nsn.length - 1] = chance(50) ? last.slice(0, -1) : last + digit();
  }
  const flat = p.nsn.join("");
  const nat = p.trunk + flat;
  const idd = loc.region === "US" ? "011" : loc.region === "AU" ? "0011" : "00";
  const forms = [
    "national spaced",
    "national compact",
    "E.164",
    "international spaced",
    "international with IDD",
    "national dashes",
    "with extension",
    "dots",
  ];
  if (p.us) forms.splice(0, forms.length, "national spaced", "national compact", "E.164", "international spaced", "country code 1 dashes", "national dashes", "with extension", "dots", "parentheses");
  if (p.trunk === "0") forms.push("international with (0)");
  if (["DE", "AT", "CH"].includes(loc.region)) forms.push("slashes");
  if (p.us) forms.push("parentheses");
  const form = pick(forms);
  const grp = (sep) => p.trunk + p.nsn.join(sep);
  let v;
  if (p.us) {
    const [a, b, c] = p.nsn;
    v = {
      "national spaced": `${a} ${b} ${c}`,
      "national compact": flat,
      "E.164": `+1${flat}`,
      "international spaced": `+1 ${a} ${b} ${c}`,
      "country code 1 dashes": `1-${a}-${b}-${c}`,
      "national dashes": `${a}-${b}-${c}`,
      "with extension": `(${a}) ${b}-${c} ext. ${int(10, 4999)}`,
      dots: `${a}.${b}.${c}`,
      parentheses: `(${a}) ${b}-${c}`,
    }[form];
  } else {
    const ext = pick([" ext. ", " x", " ext ", ", ext. "]) + int(10, 899);
    v = {
      "national spaced": grp(" "),
      "national compact": nat,
      "E.164": `+${p.cc}${flat}`,
      "international spaced": `+${p.cc} ${p.nsn.join(" ")}`,
      "international with IDD": `${idd} ${p.cc} ${p.nsn.join(" ")}`,
      "national dashes": grp("-"),
      "with extension": `+${p.cc} ${p.nsn.join(" ")}${ext}`,
      dots: grp("."),
      "international with (0)": `+${p.cc} (0)${p.nsn.join(" ")}`,
      slashes: `${p.trunk}${p.nsn[0]}/${p.nsn.slice(1).join(" ")}`,
    }[form];
  }
  return { value: v, form, sub: "phone", region: loc.region };
}

// ---------------------------------------------------------------- cards
function luhnCheck(body) {
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
const BRANDS = [
  { name: "Visa", prefixes: () => "4", lengths: [16, 16, 16, 13, 19] },
  { name: "MasterCard", prefixes: () => (chance(70) ? String(int(51, 55)) : String(int(2221, 2720))), lengths: [16] },
  { name: "American Express", prefixes: () => pick(["34", "37"]), lengths: [15] },
  { name: "Discover", prefixes: () => pick(["6011", String(int(644, 649)), "65"]), lengths: [16, 16, 19] },
  { name: "Maestro", prefixes: () => pick(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), lengths: [12, 13, 15, 16, 18, 19] },
];
function makeCard(broken) {
  const b = pick(BRANDS);
  const len = pick(b.lengths);
  const pre = b.prefixes();
  const body = pre + digits(len - 1 - pre.length);
  let check = luhnCheck(body);
  if (broken) check = String((Number(check) + int(1, 9)) % 10);
  const num = body + check;
  const forms = ["compact", "groups of four", "dashes", "groups of four"];
  if (b.name === "American Express") forms.push("4-6-5 groups");
  if (len === 19) forms.push("4-4-4-4-3 spaced");
  forms.push("masked prefix words");
  const form = pick(forms);
  const four = (sep) => num.match(/.{1,4}/g).join(sep);
  let v;
  if (form === "compact" || form === "masked prefix words") v = num;
  else if (form === "groups of four" || form === "4-4-4-4-3 spaced") v = four(" ");
  else if (form === "dashes") v = b.name === "American Express" ? `${num.slice(0, 4)}-${num.slice(4, 10)}-${num.slice(10)}` : four("-");
  else v = `${num.slice(0, 4)} ${num.slice(4, 10)} ${num.slice(10)}`;
  return { value: v, form: form === "masked prefix words" ? "compact" : form, sub: b.name };
}

// ---------------------------------------------------------------- IBAN
function mod97(s) {
  let r = 0;
  for (const ch of s) {
    const v = /[0-9]/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const c of v) r = (r * 10 + Number(c)) % 97;
  }
  return r;
}
function esCccDigit(ds) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  let s = 0;
  for (let i = 0; i < ds.length; i++) s += Number(ds[i]) * w[i];
  const c = 11 - (s % 11);
  return String(c === 11 ? 0 : c === 10 ? 1 : c);
}
const alnum = (n) => Array.from({ length: n }, () => (chance(70) ? String(digit()) : letter())).join("");
const IBAN_BBAN = {
  DE: () => pick(["10010010", "50010517", "37040044", "20041133", "70150000"]) + digits(10),
  AT: () => pick(["12000", "20111", "32000", "14000"]) + digits(11),
  CH: () => pick(["00762", "00235", "08390", "00700"]) + digits(12),
  FR: () => pick(["30003", "20041", "10107", "30004"]) + digits(5) + digits(11) + digits(2),
  BE: () => {
    const b = pick(["001", "068", "310", "363", "734"]) + digits(7);
    const c = Number(BigInt(b) % 97n) || 97;
    return b + pad(c, 2);
  },
  ES: () => {
    const bank = pick(["2100", "0049", "0182", "2080", "0081"]);
    const branch = digits(4);
    const acct = digits(10);
    return bank + branch + esCccDigit("00" + bank + branch) + esCccDigit(acct) + acct;
  },
  IT: () => letter() + pick(["03069", "02008", "05034", "01030"]) + digits(5) + digits(12),
  NL: () => pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB"]) + digits(10),
  PT: () => pick(["0035", "0033", "0007", "0010"]) + digits(4) + digits(11) + digits(2),
  PL: () => pick(["10901014", "11402004", "10203017", "12401037"]) + digits(16),
  GB: () => pick(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + digits(6) + digits(8),
  IE: () => pick(["AIBK", "BOFI", "IPBS"]) + digits(6) + digits(8),
  LU: () => pick(["001", "002", "019"]) + alnum(13),
  DK: () => digits(4) + digits(9) + digit(),
  SE: () => pick(["500", "800", "600"]) + digits(17),
  FI: () => digits(14),
  CZ: () => pick(["0800", "0100", "2010"]) + digits(16),
  HU: () => digits(24),
  SI: () => "56" + digits(13),
};
const IBAN_BY_REGION = { US: ["DE", "FR", "IE", "GB"], AU: ["GB", "IE", "NL"], GB: ["GB"], IE: ["IE"], DE: ["DE"], AT: ["AT"], CH: ["CH"], FR: ["FR"], BE: ["BE"], ES: ["ES"], IT: ["IT"], NL: ["NL"], PT: ["PT"], PL: ["PL"] };
function makeIban(loc, broken) {
  const cc = chance(75) ? pick(IBAN_BY_REGION[loc.region]) : pick(Object.keys(IBAN_BBAN));
  const bban = IBAN_BBAN[cc]();
  let check = 98 - mod97(bban + cc + "00");
  if (broken) check = ((check - 2 + int(1, 96)) % 97) + 2;
  const raw = cc + pad(check, 2) + bban;
  const form = pick(["groups of four", "groups of four", "compact", "groups of four lower-case", "dashes"]);
  let v;
  if (form === "compact") v = raw;
  else if (form === "dashes") v = raw.match(/.{1,4}/g).join("-");
  else if (form === "groups of four lower-case") v = raw.toLowerCase().match(/.{1,4}/g).join(" ");
  else v = raw.match(/.{1,4}/g).join(" ");
  return { value: v, form, sub: "iban" };
}

// ---------------------------------------------------------------- national identifiers
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
function makeNationalId(sub, broken) {
  if (sub === "us_ssn") {
    let area = pad(int(1, 899), 3);
    if (area === "666") area = "667";
    let group = pad(int(1, 99), 2);
    if (broken) {
      const w = pick(["area", "group", "area9"]);
      if (w === "area") area = pick(["000", "666"]);
      else if (w === "group") group = "00";
      else area = String(int(900, 999));
    }
    const serial = pad(int(1, 9999), 4);
    const form = pick(["dashes", "dashes", "spaced", "compact"]);
    const v = form === "dashes" ? `${area}-${group}-${serial}` : form === "spaced" ? `${area} ${group} ${serial}` : `${area}${group}${serial}`;
    return { value: v, form };
  }
  if (sub === "uk_nino") {
    const first = "ABCEGHJKLMNOPRSTWXYZ";
    const second = "ABCEGHJKLMNPRSTWXYZ";
    let pre;
    do pre = pick([...first]) + pick([...second]);
    while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(pre));
    let suf = pick(["A", "B", "C", "D"]);
    if (broken) {
      if (chance(50)) suf = pick(["E", "F", "M"]);
      else pre = pick(["QQ", "DA", "FY", "BG", "GB", "TN"]);
    }
    const n = digits(6);
    const form = pick(["spaced pairs", "compact", "spaced pairs"]);
    const v = form === "compact" ? `${pre}${n}${suf}` : `${pre} ${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4)} ${suf}`;
    return { value: v, form };
  }
  if (sub === "nl_bsn") {
    let s;
    let c;
    do {
      s = String(int(1, 6)) + digits(7);
      c = [...s].reduce((a, d, i) => a + Number(d) * (9 - i), 0) % 11;
    } while (c === 10);
    if (broken) c = (c + int(1, 9)) % 10;
    const n = s + c;
    const form = pick(["compact", "dots", "spaced"]);
    const v = form === "compact" ? n : form === "dots" ? `${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}` : `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    return { value: v, form };
  }
  if (sub === "de_idnr") {
    // ten digits, first not 0, one digit twice, the others once
    const pool = shuffle(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    let ten = pool.slice(0, 9);
    ten.splice(int(1, 8), 0, ten[int(0, 8)]);
    if (ten[0] === "0") ten = [...ten.slice(1), ten[0]];
    if (ten[0] === "0") ten.reverse();
    const s = ten.join("");
    let p = 10;
    for (const d of s) {
      let t = (Number(d) + p) % 10;
      if (t === 0) t = 10;
      p = (2 * t) % 11;
    }
    let c = (11 - p) % 10;
    if (broken) c = (c + int(1, 9)) % 10;
    const n = s + c;
    const form = pick(["compact", "spaced 2-3-3-3", "compact"]);
    const v = form === "compact" ? n : `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}`;
    return { value: v, form };
  }
  if (sub === "fr_nir") {
    const sex = pick(["1", "2"]);
    const yy = pad(int(40, 99), 2);
    const mm = pad(int(1, 12), 2);
    const dep = pick(["75", "69", "13", "33", "59", "2A", "2B", "44", "67", "31"]);
    const body = sex + yy + mm + dep + pad(int(1, 990), 3) + pad(int(1, 999), 3);
    const num = body.replace("2A", "19").replace("2B", "18");
    let key = 97 - Number(BigInt(num) % 97n);
    if (broken) key = ((key + int(1, 95)) % 97) + 1;
    const n = body + pad(key, 2);
    const form = pick(["spaced", "compact", "spaced"]);
    const v = form === "compact" ? n : `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}`;
    return { value: v, form };
  }
  if (sub === "es_dni" || sub === "es_nie") {
    const nie = sub === "es_nie";
    const lead = nie ? pick(["X", "Y", "Z"]) : "";
    const body = nie ? digits(7) : pad(int(1000000, 79999999), 8);
    const numeric = nie ? String("XYZ".indexOf(lead)) + body : body;
    let l = DNI_LETTERS[Number(numeric) % 23];
    if (broken) l = DNI_LETTERS[(DNI_LETTERS.indexOf(l) + int(1, 22)) % 23];
    const form = pick(nie ? ["compact", "dashes", "compact"] : ["compact", "dash before letter", "dotted"]);
    let v;
    if (form === "compact") v = lead + body + l;
    else if (form === "dashes") v = `${lead}-${body}-${l}`;
    else if (form === "dash before letter") v = `${body}-${l}`;
    else v = `${body.slice(0, -6)}.${body.slice(-6, -3)}.${body.slice(-3)}-${l}`;
    return { value: v, form };
  }
  if (sub === "it_cf") {
    const sur = ascii(surname("it")).toUpperCase();
    const giv = ascii(givenName("it")).toUpperCase();
    const cons = (s) => [...s].filter((c) => /[A-Z]/.test(c) && !"AEIOU".includes(c));
    const vow = (s) => [...s].filter((c) => "AEIOU".includes(c));
    const three = (arr) => (arr.join("") + "XXX").slice(0, 3);
    const sc = three([...cons(sur), ...vow(sur)]);
    const gc0 = cons(giv);
    const gc = gc0.length >= 4 ? gc0[0] + gc0[2] + gc0[3] : three([...gc0, ...vow(giv)]);
    const female = chance(50);
    const day = int(1, 28) + (female ? 40 : 0);
    const body = sc + gc + pad(int(40, 99), 2) + pick([..."ABCDEHLMPRST"]) + pad(day, 2) + pick(["H501", "F205", "L219", "F839", "A944", "G273", "D612", "L736"]);
    const odd = { 0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
    let sum = 0;
    [...body].forEach((c, i) => {
      if (i % 2 === 0) sum += odd[c];
      else sum += /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
    });
    let ch = LETTERS[sum % 26];
    if (broken) ch = LETTERS[(sum + int(1, 25)) % 26];
    const form = pick(["compact", "compact", "lower-case"]);
    return { value: form === "lower-case" ? (body + ch).toLowerCase() : body + ch, form };
  }
  throw new Error(sub);
}
const ID_HOME = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl-NL", de_idnr: "de-DE", fr_nir: "fr-FR", es_dni: "es-ES", es_nie: "es-ES", it_cf: "it-IT" };

// ---------------------------------------------------------------- templates
// [kind, namesValue, text]; {v} is the value, {n} a person's name
const T = {
  en: [
    ["email", true, "Hi all, choir robes are back from the cleaners. Reply to my email {v} if yours is missing a button."],
    ["email", true, "Lost-luggage desk, Terminal 2: we will send the tracing updates to the e-mail address {v} you gave us."],
    ["email", true, "Scout camp permission slips go to the troop secretary's mailbox, {v}, by Friday 14 June please."],
    ["email", false, "Re: Biscuit the spaniel's booster jab. Owner contact: {v}"],
    ["email", false, "ok so the wedding florist is {v} — she said ring after 4pm"],
    ["email", false, "2024-03-11T08:14:22Z volunteer_signup name=\"{n}\" contact={v} shifts=3"],
    ["phone", true, "Caller on line three, wants to talk about the bypass roadworks, his number is {v}."],
    ["phone", true, "If the alarm goes off at the fire station after hours, phone the duty officer on {v}."],
    ["phone", true, "Bike's ready — frame realigned and new chain. Text me on {v} when you're on your way."],
    ["phone", true, "Neighbour at no. 14 (the one with the ginger cat), mobile: {v}"],
    ["phone", false, "site foreman, scaffolding delivery Tuesday 7:30, {v}, ask for {n}"],
    ["phone", false, "{n},{v},alto,attended 11/12 rehearsals"],
    ["card", true, "For the registry late-enrolment fee of £45 I paid with the card ending in the number {v}, please check it went through."],
    ["card", true, "The vet's receptionist read back the credit card number {v} to confirm the deposit for Luna's surgery."],
    ["card", true, "Airline desk note: passenger paid excess baggage on card {v}, receipt to follow."],
    ["card", false, "Wedding venue deposit — {v} — exp 09/27"],
    ["card", true, "can you put the brigade's raffle float on this card: {v}"],
    ["card", false, "refund_requested seat=14C amount=212.50 src={v}"],
    ["iban", true, "Choir subs are £60 a term, payable by transfer to the treasurer's IBAN {v}."],
    ["iban", true, "Please return the court fee overpayment to my bank account, IBAN {v}, reference CASE 23/0912."],
    ["iban", true, "The notary will release the deposit to the seller's account {v} once the deed is registered."],
    ["iban", false, "Scout hut roof fund → {v} (ref: ROOF24)"],
    ["iban", false, "{n}; {v}; paid; 2023-11-02"],
    ["iban", true, "pls send the bike shop the £180, their IBAN is {v} thx"],
    ["national_id", true, "The university registry needs your national insurance or social security number, {v}, before the grant can be paid."],
    ["national_id", true, "For the volunteer firefighter background check, applicant's identification number: {v}."],
    ["national_id", true, "Court clerk: the defendant's personal ID number {v} has been entered in the register."],
    ["national_id", false, "Applicant {n} ({v}) has passed the first-aid module."],
    ["national_id", false, "row 118: {v}, 1986, hedge-trimming accident, claim open"],
    ["national_id", false, "sorry, forgot to put it on the form — it's {v}"],
  ],
  de: [
    ["email", true, "Die Einladung zur Jahreshauptversammlung der Freiwilligen Feuerwehr geht an die E-Mail {v}."],
    ["email", true, "Für Rückfragen zur Trauung erreichen Sie unsere Hochzeitsplanerin unter der Mailadresse {v}."],
    ["email", true, "Bitte schicken Sie die Röntgenbilder von Kater Moritz per Mail an {v}."],
    ["email", false, "Chorprobe fällt aus!! Infos bei {v}"],
    ["email", false, "Bauleitung Nord: {n}, {v}, Container 3"],
    ["email", false, "[WARN] mailer: Zustellung an {v} verzögert (Versuch 2/5)"],
    ["phone", true, "Wenn das Fahrrad fertig ist, rufen Sie mich bitte unter der Telefonnummer {v} an."],
    ["phone", true, "Hörer in der Leitung, Thema Baustellenlärm, Rückrufnummer {v}."],
    ["phone", true, "Die Pfadfinderleitung ist während des Zeltlagers mobil unter {v} erreichbar."],
    ["phone", false, "Nachbarin Frau {n}, Blumen gießen bis 20.8., {v}"],
    ["phone", true, "Wehrführer, Handy: {v} (nur im Notfall)"],
    ["phone", false, "{n};Tenor;{v};Probe Do 19:30"],
    ["card", true, "Die Anzahlung für den Festsaal wurde mit der Kreditkarte {v} geleistet."],
    ["card", true, "Bitte buchen Sie die Behandlungskosten der Tierklinik von meiner Karte {v} ab."],
    ["card", true, "Am Gepäckschalter wurde die Kartennummer {v} für die Nachsendung hinterlegt."],
    ["card", false, "Stornierung Sitz 22A, Erstattung auf {v}"],
    ["card", true, "hier die Kartennummer, gültig bis 03/28: {v}"],
    ["card", false, "{n} | {v} | 89,00 EUR | Semesterbeitrag"],
    ["iban", true, "Den Mitgliedsbeitrag für den Chor bitte auf die IBAN {v} überweisen."],
    ["iban", true, "Der Kaufpreis ist laut Urkunde auf das Notaranderkonto {v} zu zahlen."],
    ["iban", true, "Die Feuerwehr-Kameradschaftskasse hat die Bankverbindung {v}."],
    ["iban", true, "Erstattung Gerichtskosten → Konto {v}"],
    ["iban", false, "Pfadfinder Sommerlager 2024: {v}, Verwendungszweck Lager + Name"],
    ["iban", false, "{n}, {v}, 120,00, bezahlt"],
    ["national_id", true, "Für die Einschreibung benötigt das Studierendensekretariat Ihre steuerliche Identifikationsnummer {v}."],
    ["national_id", true, "Die Personalnummer reicht nicht, wir brauchen die Steuer-ID {v} für die Aufwandsentschädigung."],
    ["national_id", true, "Laut Akte lautet die Identifikationsnummer des Antragstellers {v}."],
    ["national_id", false, "Übungsleiterpauschale {n}: {v}"],
    ["national_id", false, "hab's gefunden, steht auf dem Brief vom Finanzamt: {v}"],
    ["national_id", false, "Zeile 42 | {v} | Jugendfeuerwehr | aktiv"],
  ],
  fr: [
    ["email", true, "Pour toute question sur la chorale, écrivez à l'adresse e-mail {v}."],
    ["email", true, "L'étude notariale vous transmettra le projet d'acte par courriel à {v}."],
    ["email", true, "Le cabinet vétérinaire enverra le compte rendu de l'opération de Caramel par mail : {v}."],
    ["email", false, "Chantier rue des Tanneurs — conducteur de travaux {n}, {v}"],
    ["email", false, "mariage 14/09 : traiteur = {v} (menu à valider)"],
    ["email", false, "{n};{v};soprano;cotisation réglée"],
    ["phone", true, "Auditeur en ligne depuis Lyon, son numéro de téléphone est le {v}."],
    ["phone", true, "En cas d'urgence pendant le camp scout, appelez le chef de groupe au {v}."],
    ["phone", true, "Votre vélo est réparé, vous pouvez nous joindre au {v} pour passer le récupérer."],
    ["phone", false, "voisin du 3e (M. {n}) : {v}, il a les clés"],
    ["phone", true, "Pompiers volontaires — astreinte week-end, tél. : {v}"],
    ["phone", false, "{v} — rappeler avant 18h"],
    ["card", true, "Le dépôt pour la salle de réception a été réglé avec la carte bancaire {v}."],
    ["card", true, "Merci de débiter les frais d'inscription universitaire sur ma carte n° {v}."],
    ["card", true, "Au guichet bagages, le passager a donné le numéro de carte {v} pour les frais de livraison."],
    ["card", false, "acompte fleuriste : {v}, exp. 11/26"],
    ["card", false, "{n} | {v} | 35,00 € | remboursé"],
    ["card", true, "tiens, c'est cette carte-là : {v}"],
    ["iban", true, "La cotisation annuelle de la chorale est à virer sur l'IBAN {v}."],
    ["iban", true, "Le solde du prix de vente sera versé par le notaire sur le compte {v}."],
    ["iban", true, "Merci de rembourser la caution de la salle sur mon compte bancaire IBAN {v}."],
    ["iban", false, "Camp d'été des scouts : {v}, libellé NOM + PRÉNOM"],
    ["iban", false, "{n}, {v}, 250,00, viré le 03/05"],
    ["iban", true, "greffe → remboursement → RIB/IBAN {v}"],
    ["national_id", true, "Le greffe a besoin de votre numéro de sécurité sociale {v} pour l'aide juridictionnelle."],
    ["national_id", true, "Pour l'inscription à l'université, indiquez votre NIR : {v}."],
    ["national_id", true, "Sapeur-pompier volontaire, numéro d'identification {v}, dossier complet."],
    ["national_id", false, "{n} — {v} — visite médicale OK"],
    ["national_id", false, "je te le recopie de la carte vitale : {v}"],
    ["national_id", false, "ligne 7 ; {v} ; bénévole ; 2019"],
  ],
  es: [
    ["email", true, "Para confirmar la reserva de la finca, escriba a nuestra organizadora de bodas al correo {v}."],
    ["email", true, "La clínica veterinaria le enviará los resultados de Lola a su correo electrónico {v}."],
    ["email", true, "Los bomberos voluntarios publican los turnos; dudas a la dirección de email {v}."],
    ["email", false, "Coro parroquial – ensayo extra el jueves – {v}"],
    ["email", false, "{n} <{v}> escribió: ¿quién lleva las tiendas al campamento?"],
    ["email", false, "obra calle Mayor 12, jefe de obra: {v}"],
    ["phone", true, "Oyente al teléfono desde Valencia, número de contacto {v}."],
    ["phone", true, "Si necesita la bici antes del sábado, llámeme al teléfono {v}."],
    ["phone", true, "El secretario del juzgado atiende en el número {v} de 9 a 14 h."],
    ["phone", false, "vecina del 2ºB, {n}: {v}"],
    ["phone", true, "Jefe de guardia bomberos → tlf. {v}"],
    ["phone", false, "{n},{v},barítono,sí"],
    ["card", true, "La señal del banquete se pagó con la tarjeta de crédito {v}."],
    ["card", true, "Por favor, carguen la matrícula en mi tarjeta número {v}."],
    ["card", true, "En el mostrador de equipajes el pasajero dejó la tarjeta {v} para el envío."],
    ["card", false, "fianza del local: {v}, caduca 05/29"],
    ["card", false, "{n} | {v} | 60,00 € | devuelto"],
    ["card", true, "te paso esta tarjeta: {v}"],
    ["iban", true, "La cuota del coro se ingresa en el IBAN {v}."],
    ["iban", true, "El notario transferirá el importe a la cuenta bancaria {v} tras la firma."],
    ["iban", true, "Devuélvanme la fianza del campamento a la cuenta IBAN {v}, por favor."],
    ["iban", false, "Bomberos voluntarios – donativos: {v}"],
    ["iban", false, "{n}; {v}; 45,00; pagado"],
    ["iban", true, "juzgado n.º 3 → devolución → cuenta {v}"],
    ["national_id", true, "Para la matrícula en la universidad adjunte su DNI o NIE: {v}."],
    ["national_id", true, "El secretario judicial anotó el documento de identidad {v} del testigo."],
    ["national_id", true, "Voluntario de bomberos con número de identificación {v}, alta en 2021."],
    ["national_id", false, "{n} ({v}) – reconocimiento médico apto"],
    ["national_id", false, "te lo copio del carnet: {v}"],
    ["national_id", false, "fila 31; {v}; socio; al corriente"],
  ],
  it: [
    ["email", true, "Per le prove del coro di sabato scrivete all'indirizzo email {v}."],
    ["email", true, "La clinica veterinaria invierà il referto di Briciola via posta elettronica a {v}."],
    ["email", true, "Lo studio notarile manderà la bozza dell'atto alla mail {v}."],
    ["email", false, "Cantiere via Garibaldi – capocantiere {n}, {v}"],
    ["email", false, "matrimonio 21/06, fotografo: {v}"],
    ["email", false, "{n};{v};contralto;quota pagata"],
    ["phone", true, "Ascoltatore in linea da Bologna, il suo numero di telefono è {v}."],
    ["phone", true, "Durante il campo scout il capo reparto è reperibile al cellulare {v}."],
    ["phone", true, "La bici è pronta, mi chiami pure al numero {v}."],
    ["phone", false, "vicino del piano di sopra ({n}): {v}"],
    ["phone", true, "Vigili del fuoco volontari – reperibilità, tel. {v}"],
    ["phone", false, "{v} — richiamare dopo le 17"],
    ["card", true, "L'acconto per il ricevimento è stato pagato con la carta di credito {v}."],
    ["card", true, "Addebitate la tassa d'iscrizione sulla mia carta numero {v}."],
    ["card", true, "Al banco bagagli il passeggero ha indicato la carta {v} per la consegna."],
    ["card", false, "caparra fiorista: {v}, scad. 08/27"],
    ["card", false, "{n} | {v} | 40,00 € | rimborsato"],
    ["card", true, "usa questa carta: {v}"],
    ["iban", true, "La quota annuale del coro va versata sull'IBAN {v}."],
    ["iban", true, "Il notaio verserà il saldo sul conto corrente {v} dopo il rogito."],
    ["iban", true, "Vi prego di restituire la cauzione sul mio conto IBAN {v}."],
    ["iban", false, "Campo estivo scout: {v}, causale NOME COGNOME"],
    ["iban", false, "{n}, {v}, 300,00, bonifico fatto"],
    ["iban", true, "cancelleria → rimborso → c/c {v}"],
    ["national_id", true, "Per l'immatricolazione la segreteria chiede il codice fiscale {v}."],
    ["national_id", true, "Il cancelliere ha trascritto il codice fiscale dell'imputato: {v}."],
    ["national_id", true, "Volontario dei vigili del fuoco, codice identificativo {v}."],
    ["national_id", false, "{n} – {v} – visita medica idoneo"],
    ["national_id", false, "te lo copio dalla tessera: {v}"],
    ["national_id", false, "riga 12; {v}; socio; 2020"],
  ],
  nl: [
    ["email", true, "Vragen over het koor? Stuur een e-mail naar {v}."],
    ["email", true, "De dierenkliniek mailt de uitslag van Pluis naar het e-mailadres {v}."],
    ["email", true, "De trouwplanner is bereikbaar via mail: {v}."],
    ["email", false, "Bouwplaats Kanaalweg – uitvoerder {n}, {v}"],
    ["email", false, "scouting zomerkamp, opgave bij {v} vóór 1 juni"],
    ["email", false, "{n};{v};bas;contributie betaald"],
    ["phone", true, "Luisteraar aan de lijn uit Zwolle, zijn telefoonnummer is {v}."],
    ["phone", true, "Fiets is klaar, bel me even op {v} als je komt."],
    ["phone", true, "Tijdens het kamp is de leiding mobiel bereikbaar op nummer {v}."],
    ["phone", false, "buurvrouw van nr. 8 ({n}): {v}"],
    ["phone", true, "Brandweer vrijwilligers – piket, tel. {v}"],
    ["phone", false, "{v} — na 17u terugbellen"],
    ["card", true, "De aanbetaling voor de feestzaal is gedaan met creditcard {v}."],
    ["card", true, "Wilt u het collegegeld van mijn kaart {v} afschrijven?"],
    ["card", true, "Bij de bagagebalie is kaartnummer {v} opgegeven voor de bezorgkosten."],
    ["card", false, "borg bloemist: {v}, geldig t/m 10/28"],
    ["card", false, "{n} | {v} | 25,00 | terugbetaald"],
    ["card", true, "gebruik deze kaart maar: {v}"],
    ["iban", true, "De contributie van het koor graag overmaken op IBAN {v}."],
    ["iban", true, "De notaris maakt het bedrag na de overdracht over naar rekeningnummer {v}."],
    ["iban", true, "Stort de borg voor het clubhuis terug op mijn rekening {v}."],
    ["iban", false, "Scouting zomerkamp: {v} o.v.v. naam kind"],
    ["iban", false, "{n}, {v}, 75,00, betaald"],
    ["iban", true, "griffie → terugbetaling → rekening {v}"],
    ["national_id", true, "Voor je inschrijving bij de universiteit hebben we je BSN nodig: {v}."],
    ["national_id", true, "De griffier noteerde het burgerservicenummer {v} van de getuige."],
    ["national_id", true, "Vrijwillige brandweer, persoonsnummer {v}, VOG aangevraagd."],
    ["national_id", false, "{n} ({v}) – keuring goedgekeurd"],
    ["national_id", false, "ik neem het over van mijn paspoort: {v}"],
    ["national_id", false, "regel 19; {v}; lid; 2018"],
  ],
  pt: [
    ["email", true, "Para os ensaios do coro, escreva para o e-mail {v}."],
    ["email", true, "A clínica veterinária envia as análises do Tareco para o endereço de email {v}."],
    ["email", true, "O cartório notarial enviará a minuta da escritura por correio eletrónico para {v}."],
    ["email", false, "Obra na Rua do Carmo – encarregado {n}, {v}"],
    ["email", false, "casamento 12/07, fotógrafa: {v}"],
    ["email", false, "{n};{v};tenor;quota paga"],
    ["phone", true, "Ouvinte em linha a partir do Porto, o número de telefone é {v}."],
    ["phone", true, "A bicicleta está pronta, ligue-me para o telemóvel {v}."],
    ["phone", true, "Durante o acampamento o chefe de agrupamento atende no número {v}."],
    ["phone", false, "vizinha do 1.º esq. ({n}): {v}"],
    ["phone", true, "Bombeiros voluntários – piquete, tel. {v}"],
    ["phone", false, "{v} — ligar depois das 18h"],
    ["card", true, "O sinal da quinta para o casamento foi pago com o cartão de crédito {v}."],
    ["card", true, "Debitem a propina no meu cartão número {v}, por favor."],
    ["card", true, "No balcão de bagagens o passageiro deixou o cartão {v} para a entrega."],
    ["card", false, "caução florista: {v}, val. 04/28"],
    ["card", false, "{n} | {v} | 30,00 € | reembolsado"],
    ["card", true, "usa este cartão: {v}"],
    ["iban", true, "A quota do coro deve ser transferida para o IBAN {v}."],
    ["iban", true, "O notário transfere o valor para a conta bancária {v} após a escritura."],
    ["iban", true, "Devolvam a caução do acampamento para a minha conta IBAN {v}."],
    ["iban", false, "Bombeiros voluntários – donativos: {v}"],
    ["iban", false, "{n}; {v}; 50,00; pago"],
    ["iban", true, "tribunal → reembolso → NIB/IBAN {v}"],
    ["national_id", true, "Para a matrícula na universidade indique o seu número de identificação {v}."],
    ["national_id", true, "O escrivão registou o documento de identificação {v} da testemunha."],
    ["national_id", true, "Bombeiro voluntário com número de identificação fiscal estrangeiro {v}."],
    ["national_id", false, "{n} ({v}) – exame médico apto"],
    ["national_id", false, "copio do cartão: {v}"],
    ["national_id", false, "linha 9; {v}; sócio; 2022"],
  ],
  pl: [
    ["email", true, "W sprawie prób chóru proszę pisać na adres e-mail {v}."],
    ["email", true, "Lecznica weterynaryjna wyśle wyniki Burka na e-mail {v}."],
    ["email", true, "Kancelaria notarialna prześle projekt aktu na adres mailowy {v}."],
    ["email", false, "Budowa ul. Lipowa – kierownik {n}, {v}"],
    ["email", false, "wesele 30.08, fotograf: {v}"],
    ["email", false, "{n};{v};sopran;składka opłacona"],
    ["phone", true, "Słuchacz na linii z Gdańska, jego numer telefonu to {v}."],
    ["phone", true, "Rower gotowy, proszę dzwonić na numer {v}."],
    ["phone", true, "Podczas obozu drużynowy jest pod telefonem {v}."],
    ["phone", false, "sąsiadka z 4 piętra ({n}): {v}"],
    ["phone", true, "OSP dyżur weekendowy, tel. {v}"],
    ["phone", false, "{v} — oddzwonić po 17"],
    ["card", true, "Zaliczkę za salę weselną zapłacono kartą kredytową {v}."],
    ["card", true, "Proszę obciążyć opłatę rekrutacyjną na moją kartę numer {v}."],
    ["card", true, "Przy stanowisku bagażowym pasażer podał kartę {v} na koszt dostawy."],
    ["card", false, "kaucja kwiaciarnia: {v}, ważna do 07/27"],
    ["card", false, "{n} | {v} | 120,00 zł | zwrot"],
    ["card", true, "użyj tej karty: {v}"],
    ["iban", true, "Składkę chóru prosimy wpłacać na IBAN {v}."],
    ["iban", true, "Notariusz przeleje kwotę na rachunek bankowy {v} po podpisaniu aktu."],
    ["iban", true, "Proszę zwrócić kaucję za obóz na moje konto IBAN {v}."],
    ["iban", false, "OSP – darowizny: {v}"],
    ["iban", false, "{n}; {v}; 200,00; zapłacone"],
    ["iban", true, "sąd → zwrot → nr konta {v}"],
    ["national_id", true, "Do rekrutacji na uczelnię podaj numer identyfikacyjny z kraju pochodzenia: {v}."],
    ["national_id", true, "Protokolant wpisał numer dokumentu tożsamości świadka {v}."],
    ["national_id", true, "Strażak ochotnik, zagraniczny numer identyfikacji podatkowej {v}."],
    ["national_id", false, "{n} ({v}) – badania lekarskie zdolny"],
    ["national_id", false, "przepisuję z legitymacji: {v}"],
    ["national_id", false, "wiersz 5; {v}; członek; 2017"],
  ],
};
const templates = [];
const tplIndex = {}; // lang -> kind -> [indexes]
for (const [lang, list] of Object.entries(T)) {
  for (const [kind, named, text] of list) {
    const i = templates.length;
    templates.push({ lang, kind, names_value: named, text });
    ((tplIndex[lang] ??= {})[kind] ??= []).push(i);
  }
}
const namingNothing = templates.flatMap((t, i) => (t.names_value ? [] : [i]));

// ---------------------------------------------------------------- PII entries
const KINDS = ["email", "phone", "card", "iban", "national_id"];
const PER_KIND = 400;
const ID_SUBS = ["us_ssn", "uk_nino", "nl_bsn", "de_idnr", "fr_nir", "es_dni", "es_nie", "it_cf"];
const pii = [];
for (const kind of KINDS) {
  for (let k = 0; k < PER_KIND; k++) {
    const broken = kind !== "email" && randIndex(10) === 0;
    let loc;
    let made;
    if (kind === "national_id") {
      const sub = ID_SUBS[k % ID_SUBS.length];
      // mostly at home; some held by residents of another locale (a template in their language)
      loc = chance(75) ? LOC[ID_HOME[sub]] : pick(LOCALES);
      made = { ...makeNationalId(sub, broken), sub };
    } else {
      loc = pick(LOCALES);
      if (kind === "email") made = makeEmail(loc);
      else if (kind === "phone") made = makePhone(loc, broken);
      else if (kind === "card") made = makeCard(broken);
      else made = makeIban(loc, broken);
    }
    const ti = pick(tplIndex[loc.lang][kind]);
    const who = `${givenName(loc.lang)} ${surname(loc.lang)}`;
    const text = templates[ti].text.replace("{n}", who).replace("{v}", made.value);
    pii.push({ locale: loc.id, kind, sub: made.sub, form: made.form, check: null, template: ti, text, values: [made.value], _region: made.region });
  }
}

// ---------------------------------------------------------------- labels from the reference checks
const lines = pii.map((e) => JSON.stringify({ kind: e.kind, sub: e.sub, value: e.values[0], region: e.kind === "phone" ? e._region : null })).join("\n") + "\n";
const res = spawnSync(PYTHON, ["bench/pii_reference_checks.py"], { input: lines, encoding: "utf8", maxBuffer: 1 << 26 });
if (res.status !== 0) throw new Error(`reference checks failed (${PYTHON}): ${res.stderr}`);
const ref = JSON.parse(res.stdout);
if (ref.passes.length !== pii.length) throw new Error("reference checks answered a different number of values");
pii.forEach((e, i) => {
  const p = ref.passes[i];
  e.check = p === null ? "n/a" : p ? "valid" : "invalid";
  delete e._region;
});

// ---------------------------------------------------------------- benign sentences
const luhnNum = (pre, len) => {
  const b = pre + digits(len - 1 - pre.length);
  return b + luhnCheck(b);
};
function ean13(pre) {
  const b = pre + digits(12 - pre.length);
  const s = [...b].reduce((a, d, i) => a + Number(d) * (i % 2 ? 3 : 1), 0);
  return b + ((10 - (s % 10)) % 10);
}
const dec = (lo, hi, p) => (int(lo * 10 ** p, hi * 10 ** p) / 10 ** p).toFixed(p);
const date = () => `${pad(int(1, 28), 2)}.${pad(int(1, 12), 2)}.${int(2019, 2026)}`;
const isoDate = () => `${int(2019, 2026)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
const time = () => `${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}`;
const B = {
  lab_samples: [
    ["en", () => `Sample LS-${int(2021, 2026)}-${digits(6)} was spun at ${int(2, 15) * 500} rpm for ${int(5, 30)} minutes and stored at −${int(18, 80)} °C.`],
    ["de", () => `Probe ${letter()}${letter()}/${digits(5)}/${int(10, 99)}: Hämoglobin ${dec(10, 17, 1)} g/dl, Leukozyten ${dec(3, 12, 1)} G/l.`],
    ["en", () => `Plate ${int(1, 48)}, well ${letter()}${int(1, 12)}: OD600 ${dec(0, 2, 3)} after ${int(2, 24)} h.`],
  ],
  train_seats: [
    ["de", () => `ICE ${int(500, 1999)} nach Hamburg, Wagen ${int(1, 14)}, Platz ${int(11, 118)}, Abfahrt ${time()} Gleis ${int(1, 24)}.`],
    ["fr", () => `TGV INOUI ${int(6100, 6999)}, voiture ${int(1, 18)}, place ${int(1, 96)}, départ ${time()}, quai ${letter()}.`],
    ["it", () => `Frecciarossa ${int(9500, 9699)}, carrozza ${int(1, 11)}, posto ${int(1, 20)}${pick(["A", "B", "C", "D"])}, binario ${int(1, 22)}.`],
  ],
  device_serials: [
    ["en", () => `Serial number ${letter()}${letter()}${digits(2)}${letter()}${digits(6)} is out of warranty since ${isoDate()}.`],
    ["de", () => `Seriennummer der Pumpe: ${digits(4)}-${letter()}${digits(3)}-${digits(2)}, Baujahr ${int(2008, 2024)}.`],
    ["nl", () => `Serienummer ${letter()}${digits(8)}${letter()}, firmware ${int(1, 9)}.${int(0, 20)}.${int(0, 99)}.`],
  ],
  lottery: [
    ["en", () => `Raffle ticket ${pad(int(1, 4999), 5)} won the hamper; tickets ${pad(int(1, 4999), 5)} to ${pad(int(5000, 9999), 5)} win nothing.`],
    ["es", () => `El número ${pad(int(0, 99999), 5)} ha sido premiado en la lotería, serie ${int(1, 200)}, fracción ${int(1, 10)}.`],
    ["it", () => `Biglietto della lotteria serie ${letter()} ${digits(6)} abbinato al premio ${int(1, 30)}.`],
  ],
  sort_codes: [
    ["en", () => `The branch sort code is ${digits(2)}-${digits(2)}-${digits(2)}; the account number is on your statement.`],
    ["en", () => `Swift/BIC ${pick(["NWBKGB2L", "DEUTDEFF", "BNPAFRPP", "INGBNL2A", "CAIXESBB"])} identifies the bank, not the customer.`],
    ["de", () => `Die Bankleitzahl ${digits(3)} ${digits(3)} ${digits(2)} gehört zur Filiale am Marktplatz.`],
  ],
  coordinates: [
    ["en", () => `Meet at ${dec(40, 59, 5)}° N, ${dec(0, 12, 5)}° E, by the old water tower.`],
    ["fr", () => `Point de rendez-vous : ${dec(43, 50, 6)}, ${dec(-1, 7, 6)} (GPS), altitude ${int(50, 1800)} m.`],
    ["pl", () => `Współrzędne punktu: ${dec(49, 54, 5)}N ${dec(14, 24, 5)}E, wysokość ${int(50, 900)} m n.p.m.`],
  ],
  measurements: [
    ["en", () => `The beam is ${int(2400, 9600)} mm long, ${int(120, 400)} mm deep and weighs ${dec(40, 900, 1)} kg.`],
    ["de", () => `Raumhöhe ${dec(2, 4, 2)} m, Fläche ${dec(10, 140, 2)} m², Fenster ${int(60, 180)} × ${int(80, 240)} cm.`],
    ["es", () => `La parcela mide ${dec(100, 5000, 2)} m² y la fachada ${dec(5, 40, 2)} m.`],
  ],
  dates_times: [
    ["en", () => `Rehearsals: ${date()} ${time()}–${time()}, ${date()} ${time()}–${time()}.`],
    ["fr", () => `Audience fixée au ${date()} à ${time()}, renvoi possible au ${date()}.`],
    ["nl", () => `Ophalen op ${isoDate()} tussen ${time()} en ${time()}, terugbrengen vóór ${isoDate()}.`],
  ],
  sports_stats: [
    ["en", () => `Final score ${int(0, 5)}–${int(0, 5)}; possession ${int(30, 70)}%, ${int(2, 25)} shots, ${int(200, 700)} passes, attendance ${int(1000, 80000)}.`],
    ["it", () => `Classifica: ${int(40, 90)} punti in ${int(25, 38)} partite, ${int(30, 90)} gol fatti e ${int(15, 60)} subiti.`],
    ["pt", () => `Tempo na meia-maratona: ${int(1, 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}, dorsal ${int(100, 9999)}, posição ${int(1, 4000)}.`],
  ],
  postal_codes: [
    ["de", () => `Lieferadresse: Lindenstraße ${int(1, 180)}, ${pad(int(1067, 99998), 5)} ${pick(["Leipzig", "Kassel", "Ulm", "Trier"])}.`],
    ["nl", () => `Adres: Kerkstraat ${int(1, 240)}, ${int(1000, 9999)} ${letter()}${letter()} ${pick(["Utrecht", "Delft", "Zwolle"])}.`],
    ["pl", () => `Adres: ul. Polna ${int(1, 99)}/${int(1, 40)}, ${digits(2)}-${digits(3)} ${pick(["Kraków", "Łódź", "Poznań"])}.`],
    ["en", () => `Return address: ${int(1, 300)} High Street, ${pick(["YO1", "EH3", "BS8", "M14", "LS6"])} ${int(1, 9)}${letter()}${letter()}.`],
  ],
  model_numbers: [
    ["en", () => `Replacement part ${letter()}${letter()}-${digits(4)}-${digits(3)}${letter()} fits models ${digits(3)}${letter()} and ${digits(3)}${letter()}.`],
    ["fr", () => `Référence produit ${digits(3)}.${digits(3)}.${digits(2)}, modèle ${letter()}${letter()}${digits(4)}.`],
  ],
  imei: [
    ["en", () => `The radio handset's IMEI is ${luhnNum(pick(["35", "86", "01"]), 15)}; it is registered to the fire brigade pool.`],
    ["de", () => `Gerät als gestohlen gemeldet, IMEI ${luhnNum(pick(["35", "86"]), 15)}, Modell ${letter()}${digits(3)}.`],
  ],
  isbn: [
    ["en", () => `Choir library copy: ISBN ${ean13(pick(["978", "979"]))}, ${int(80, 600)} pages.`],
    ["it", () => `Testo d'esame: ISBN ${ean13("97888")}, edizione ${int(1, 9)}, pagine ${int(100, 800)}.`],
  ],
  ean_barcodes: [
    ["en", () => `Barcode (EAN-13) ${ean13(pick(["50", "40", "87", "80", "84"]))} on the tin of dog food.`],
    ["nl", () => `Streepjescode EAN ${ean13("87")} hoort bij de fietsband ${int(20, 29)}x${dec(1, 3, 2)}.`],
  ],
  court_case_numbers: [
    ["de", () => `Aktenzeichen ${int(1, 40)} ${pick(["O", "C", "S", "Ls"])} ${int(1, 9999)}/${int(19, 26)}, Termin am ${date()}.`],
    ["fr", () => `RG n° ${int(19, 26)}/${pad(int(1, 99999), 5)}, chambre ${int(1, 12)}.`],
    ["en", () => `Case no. ${pick(["CV", "CR", "FD"])}-${int(2019, 2026)}-${pad(int(1, 99999), 6)}, listed for ${date()}.`],
  ],
  vet_dosage: [
    ["en", () => `Give ${dec(0, 5, 1)} ml twice a day for ${int(3, 14)} days; weight ${dec(2, 45, 1)} kg, temperature ${dec(37, 40, 1)} °C.`],
    ["fr", () => `Chip électronique ${pick(["250", "276", "380"])}${digits(12)} — le numéro identifie l'animal, pas le propriétaire.`],
    ["es", () => `Microchip del perro: ${pick(["724", "981"])}${digits(12)}, vacuna antirrábica lote ${letter()}${digits(5)}.`],
  ],
  meter_readings: [
    ["de", () => `Zählerstand ${digits(5)},${digit()} kWh am ${date()}, Zählernummer ${digit()}${letter()}${letter()}${digits(8)}.`],
    ["nl", () => `Meterstand gas ${int(1000, 99999)},${digits(3)} m³, meternummer ${letter()}${digits(7)}.`],
    ["en", () => `Water meter read ${int(100, 9999)}.${digits(2)} m³ on ${isoDate()}.`],
  ],
  software_versions: [
    ["en", () => `Deployed build ${int(1, 9)}.${int(0, 40)}.${int(0, 300)}+${digits(4)} from commit ${[...Array(7)].map(() => pick([..."0123456789abcdef"])).join("")}.`],
    ["en", () => `pid=${int(100, 65000)} port=${int(1024, 65535)} elapsed=${int(1, 99999)}ms status=${pick([200, 201, 304, 404, 500])}`],
  ],
  money: [
    ["en", () => `The roof appeal raised £${int(1, 99)},${digits(3)}.${digits(2)} against a target of £${int(100, 999)},000.`],
    ["de", () => `Haushalt ${int(2020, 2026)}: Einnahmen ${int(10, 999)}.${digits(3)},${digits(2)} €, Ausgaben ${int(10, 999)}.${digits(3)},${digits(2)} €.`],
    ["pt", () => `O orçamento é de ${int(1, 999)}.${digits(3)},${digits(2)} € com IVA a ${pick([6, 13, 23])}%.`],
  ],
  weather: [
    ["en", () => `Forecast: ${int(-5, 35)} °C, wind ${int(5, 90)} km/h gusting ${int(20, 120)}, pressure ${int(970, 1040)} hPa, rain ${dec(0, 40, 1)} mm.`],
    ["pl", () => `Prognoza: ${int(-15, 35)}°C, wiatr ${int(2, 30)} m/s, ciśnienie ${int(970, 1040)} hPa.`],
  ],
  library_catalogue: [
    ["en", () => `Shelfmark ${pick(["MS", "Add.", "Harley"])} ${int(100, 99999)}, fol. ${int(1, 300)}${pick(["r", "v"])}; call number ${int(100, 999)}.${digits(3)} ${letter()}${digits(2)}.`],
    ["de", () => `Signatur ${int(1, 99)} ${letter()} ${int(100, 9999)}:${int(1, 40)}, Inventarnummer ${digits(7)}.`],
  ],
  recipes: [
    ["fr", () => `Pour ${int(4, 120)} convives : ${int(1, 20)} kg de farine, ${int(2, 60)} œufs, ${dec(0, 5, 1)} l de lait, cuisson ${int(20, 90)} min à ${int(150, 240)} °C.`],
    ["it", () => `Per ${int(4, 150)} invitati servono ${int(1, 30)} kg di pasta e ${int(2, 40)} litri di sugo.`],
  ],
  chess_ratings: [
    ["en", () => `Board ${int(1, 40)}: ${int(1200, 2700)} vs ${int(1200, 2700)}, result ${pick(["1-0", "0-1", "½-½"])}, round ${int(1, 11)}.`],
    ["nl", () => `Rating ${int(1000, 2600)}, ${int(1, 9)}/${int(9, 11)} punten, TPR ${int(1000, 2700)}.`],
  ],
  census_stats: [
    ["en", () => `Population ${int(1, 9)},${digits(3)},${digits(3)} (${isoDate().slice(0, 4)} census), density ${int(10, 5000)} per km².`],
    ["es", () => `El municipio tiene ${int(1000, 900000)} habitantes y una superficie de ${dec(5, 900, 2)} km².`],
  ],
  luggage_refs: [
    ["en", () => `File reference ${pick(["LHR", "DUB", "AMS", "FRA", "MAD"])}${pick(["BA", "EI", "KL", "LH", "IB"])}${pad(int(1, 99999), 5)}, bag tag ${pick(["0125", "0220", "0053", "0074"])}${digits(6)}, flight ${pick(["BA", "LH", "KL", "IB"])}${int(100, 9999)}.`],
    ["de", () => `Gepäckermittlung: Vorgang ${pick(["FRA", "MUC", "HAM"])}LH${pad(int(1, 99999), 5)}, Gepäckschein 0220 ${digits(6)}, Reihe ${int(1, 40)}${pick(["A", "C", "F"])}.`],
  ],
  parcel_tracking: [
    ["en", () => `Tracking 1Z${[...Array(6)].map(() => pick([..."0123456789ABCDEFGHJKLMNPRSTUVWXYZ"])).join("")}${digits(10)} — delivered ${isoDate()} ${time()}.`],
    ["de", () => `Sendungsnummer ${pick(["JJD", "CC"])}${digits(18)}, Paketgewicht ${dec(0, 31, 1)} kg.`],
  ],
  vehicle_ids: [
    ["de", () => `Einsatzfahrzeug ${pick(["HLF", "TLF", "DLK"])} ${int(10, 40)}, Kennzeichen ${pick(["L", "B", "M", "HH"])}-${letter()}${letter()} ${int(1, 9999)}, Laufleistung ${int(1000, 300000)} km.`],
    ["en", () => `VIN ${[...Array(17)].map(() => pick([..."0123456789ABCDEFGHJKLMNPRSTUVWXYZ"])).join("")}, odometer ${int(1000, 250000)} miles.`],
  ],
  music_catalogue: [
    ["en", () => `Programme: ${pick(["BWV", "K.", "Op.", "RV", "HWV", "D."])} ${int(1, 1100)}, then ${pick(["BWV", "K.", "Op.", "RV", "HWV"])} ${int(1, 1100)}; duration ${int(20, 95)} min.`],
    ["de", () => `Chorprogramm: ${pick(["BWV", "KV", "op."])} ${int(1, 1080)}, Takte ${int(1, 120)}–${int(121, 400)}, Tempo ${int(50, 160)} bpm.`],
  ],
  membership_numbers: [
    ["en", () => `Scout membership no. ${letter()}${digits(7)} renewed until ${isoDate()}; badge count ${int(1, 40)}.`],
    ["it", () => `Tessera socio n. ${int(1, 9999)}/${int(2019, 2026)}, sezione ${int(1, 60)}.`],
    ["fr", () => `Licence fédérale n° ${digits(7)}${letter()}, club ${int(100, 999)}, saison ${int(2019, 2025)}-${int(2020, 2026)}.`],
  ],
  building_site: [
    ["en", () => `Pour ${int(10, 400)} m³ of C${int(20, 50)}/${int(25, 60)} concrete at grid line ${letter()}${int(1, 30)}, slump ${int(50, 200)} mm.`],
    ["de", () => `Baustelle ${int(1, 99)}/${int(20, 26)}: Bewehrung Ø${pick([8, 10, 12, 16, 20])} mm, Abstand ${int(10, 30)} cm, Charge ${digits(6)}.`],
    ["nl", () => `Heipaal ${int(1, 400)} tot NAP −${dec(5, 30, 2)} m, betonlevering bon ${digits(7)}.`],
  ],
};
const benign = [];
for (const [family, gens] of Object.entries(B)) {
  for (let k = 0; k < 30; k++) {
    const [lang, g] = gens[k % gens.length];
    benign.push({ family, lang, text: g() });
  }
}

// ---------------------------------------------------------------- output
const out = {
  source: PKG,
  source_version: PKG_VERSION,
  source_licence: "MIT",
  stdnum_version: ref.versions.stdnum_version,
  phonenumbers_version: ref.versions.phonenumbers_version,
  generator: "bench/make_pii_eighth.mjs",
  seed: SEED,
  locales: LOCALES.map((l) => l.id),
  templates,
  templates_naming_nothing: namingNothing,
  pii,
  benign,
};
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n");
const counts = {};
for (const e of pii) counts[`${e.kind}/${e.check}`] = (counts[`${e.kind}/${e.check}`] || 0) + 1;
process.stderr.write(`wrote ${OUT}: ${pii.length} pii ${JSON.stringify(counts)}, ${benign.length} benign in ${Object.keys(B).length} families, ${templates.length} templates (${namingNothing.length} naming nothing)\n`);
