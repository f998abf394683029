// Tenth held-out PII corpus for phaseone (issue #17): bench/data/pii_tenth.json.
//
// Source package: npm `random-words` 2.0.1 (MIT, Apostrophe Technologies) for its word list,
// driven by npm `seedrandom` 3.0.5 (MIT, David Bau) as the one seeded PRNG behind every random
// choice. Neither was used by the nine earlier corpora. Names, e-mail domains, numbering plans
// and all templates/benign sentences are this file's own lists; cards, IBANs, phones and the
// eight national identifiers are built from the public algorithms (issuer ranges + Luhn,
// ISO 13616 mod 97, national numbering plans, each identifier's published checksum).
// About one value in ten is broken on purpose (a wrong check digit or digit dropped).
// Seed: 20250610. Same inputs -> the same file, byte for byte.
// The `check` label of every value comes ONLY from bench/pii_reference_checks.py
// (python-stdnum, phonenumbers, Luhn), never from a phaseone detector.
// Templates and benign sentences were written blind (without reading phaseone's detectors,
// tests or earlier corpora) and the output was frozen before any detector ran on it.
//
// Run:  mkdir -p /tmp/g10 && cd /tmp/g10 && npm init -y && npm i random-words@2.0.1 seedrandom@3.0.5
//       node bench/make_pii_tenth.mjs [out.json]      (default bench/data/pii_tenth.json)
// Env:  PII10_NODE_DIR (folder holding node_modules, default /tmp/g10),
//       PII10_PYTHON (Python with stdnum + phonenumbers, default /work/main/.venv/bin/python).

import { spawnSync } from "node:child_process";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const SEED = 20250610;
const NODE_DIR = process.env.PII10_NODE_DIR || "/tmp/g10";
const PYTHON = process.env.PII10_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || "bench/data/pii_tenth.json";

const pkgDir = join(NODE_DIR, "node_modules");
const rw = await import(pathToFileURL(join(pkgDir, "random-words", "index.js")).href);
const seedrandom = (await import(pathToFileURL(join(pkgDir, "seedrandom", "index.js")).href)).default;
const RW_VERSION = JSON.parse(readFileSync(join(pkgDir, "random-words", "package.json"), "utf8")).version;

const rng = seedrandom(String(SEED));
const rand = () => rng();
const ri = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (a) => a[Math.floor(rand() * a.length)];
const digits = (n) => Array.from({ length: n }, () => ri(0, 9)).join("");
const chance = (p) => rand() < p;
const word = () => pick(rw.wordList);

// ---------------------------------------------------------------- locales
const LOCALES = {
  "en-US": { lang: "en", region: "US" },
  "en-GB": { lang: "en", region: "GB" },
  "en-AU": { lang: "en", region: "AU" },
  "de-DE": { lang: "de", region: "DE" },
  "de-AT": { lang: "de", region: "AT" },
  "fr-FR": { lang: "fr", region: "FR" },
  "fr-BE": { lang: "fr", region: "BE" },
  "es-ES": { lang: "es", region: "ES" },
  "it-IT": { lang: "it", region: "IT" },
  "nl-NL": { lang: "nl", region: "NL" },
  "nl-BE": { lang: "nl", region: "BE" },
  "pt-PT": { lang: "pt", region: "PT" },
  "pt-BR": { lang: "pt", region: "BR" },
  "pl-PL": { lang: "pl", region: "PL" },
};
const LOCALE_KEYS = Object.keys(LOCALES);

const NAMES = {
  en: { first: ["Maisie", "Gareth", "Tobias", "Rowan", "Imogen", "Dwayne", "Harriet", "Callum", "Priya", "Declan", "Shauna", "Wesley", "Ottilie", "Bradley", "Niamh", "Jasper", "Kerry-Ann", "Lachlan"], last: ["Pemberton", "Okafor", "Whitlock", "Hargreaves", "McAllister", "Duffy", "Stanhope", "Brennan", "Castellano", "Fairbairn", "Quigley", "Ashdown", "Nakamura", "Thorne"] },
  de: { first: ["Jörg", "Annelie", "Benedikt", "Wiebke", "Lutz", "Henrike", "Korbinian", "Maren", "Dietmar", "Friederike", "Jannik", "Ute", "Ludwig", "Svenja"], last: ["Brückner", "Oberhuber", "Kowalczyk", "Hinterseer", "Wöhrle", "Stadlmayr", "Kästner", "Gruber", "Pfeiffer", "Lindemann", "Übelacker", "Eberhardt"] },
  fr: { first: ["Aurélien", "Solène", "Gaëtan", "Maëlys", "Baptiste", "Ophélie", "Thibault", "Clémence", "Yannick", "Noémie", "Régis", "Apolline"], last: ["Lefebvre", "Duchâteau", "Marchand", "Vanderbeken", "Giraud", "Lambotte", "Rousseau", "Peeters", "Chevalier", "Delcourt", "Bonnefoy"] },
  es: { first: ["Iñaki", "Rocío", "Leire", "Gonzalo", "Macarena", "Ximena", "Íñigo", "Araceli", "Borja", "Nerea", "Ramiro"], last: ["Echeverría", "Gutiérrez", "Olabarrieta", "Montero", "Barrionuevo", "Carrasco", "Villalobos", "Zubizarreta", "Quintana"] },
  it: { first: ["Gianluca", "Ludovica", "Ottavio", "Benedetta", "Raffaele", "Annunziata", "Corrado", "Elettra", "Pasquale", "Ginevra"], last: ["Mancuso", "Bellandi", "Tagliaferri", "Lo Presti", "Campanella", "Zanetti", "Scognamiglio", "Pellegrini", "Fumagalli"] },
  nl: { first: ["Joost", "Femke", "Sjoerd", "Marloes", "Wouter", "Lieke", "Thijs", "Anouk", "Gijs", "Ilse", "Bram", "Saskia"], last: ["van der Meulen", "Verhoeven", "de Groot", "Bakker", "Claes", "Wuyts", "Hoekstra", "van Dijk", "Jacobs", "Smeets"] },
  pt: { first: ["Joaquim", "Inês", "Rodrigo", "Thaís", "Gonçalo", "Letícia", "Caio", "Beatriz", "Vitória", "Tiago"], last: ["Magalhães", "Figueiredo", "Nascimento", "Carvalho", "Sampaio", "Albuquerque", "Tavares", "Rebelo"] },
  pl: { first: ["Grzegorz", "Agnieszka", "Wojciech", "Małgorzata", "Przemysław", "Zofia", "Bartosz", "Katarzyna", "Łukasz", "Joanna"], last: ["Wiśniewski", "Zając", "Kwiatkowska", "Wróbel", "Szczepański", "Dąbrowska", "Pawlak", "Jabłoński", "Krawczyk"] },
};
const DOMAINS = {
  "en-US": ["gmail.com", "yahoo.com", "outlook.com", "comcast.net", "icloud.com", "protonmail.com"],
  "en-GB": ["btinternet.com", "yahoo.co.uk", "gmail.com", "sky.com", "hotmail.co.uk"],
  "en-AU": ["bigpond.com", "optusnet.com.au", "gmail.com", "iinet.net.au"],
  "de-DE": ["gmx.de", "web.de", "t-online.de", "posteo.de", "freenet.de"],
  "de-AT": ["gmx.at", "aon.at", "chello.at", "a1.net"],
  "fr-FR": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr"],
  "fr-BE": ["skynet.be", "telenet.be", "proximus.be", "gmail.com"],
  "es-ES": ["telefonica.net", "gmail.com", "yahoo.es", "hotmail.es"],
  "it-IT": ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "fastwebnet.it"],
  "nl-NL": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "hetnet.nl", "planet.nl"],
  "nl-BE": ["telenet.be", "skynet.be", "scarlet.be"],
  "pt-PT": ["sapo.pt", "netcabo.pt", "gmail.com", "clix.pt"],
  "pt-BR": ["uol.com.br", "bol.com.br", "terra.com.br", "globo.com", "gmail.com"],
  "pl-PL": ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "gazeta.pl"],
};
const ascii = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l").replace(/Ł/g, "L").replace(/ø/g, "o");

// ---------------------------------------------------------------- e-mail
function makeEmail(loc) {
  const names = NAMES[LOCALES[loc].lang];
  const f = ascii(pick(names.first)).toLowerCase().replace(/[^a-z]/g, "");
  const l = ascii(pick(names.last)).toLowerCase().replace(/[^a-z]/g, "");
  const dom = pick(DOMAINS[loc]);
  const style = ri(0, 8);
  let local, form;
  switch (style) {
    case 0: local = `${f}.${l}`; form = "first.last"; break;
    case 1: local = `${f[0]}${l}${ri(1, 99)}`; form = "initial+last+digits"; break;
    case 2: local = `${f}_${l}`; form = "first_last"; break;
    case 3: local = `${f}.${l}+${word()}`; form = "plus tag"; break;
    case 4: local = `${word()}.${word()}${ri(10, 1999)}`; form = "words+digits"; break;
    case 5: local = `${l}-${f}`; form = "last-first"; break;
    case 6: local = `${f}${ri(1950, 2009)}`; form = "first+year"; break;
    case 7: local = `${f[0]}.${l}`; form = "initial.last"; break;
    default: local = `${word()}_${l}`; form = "word_last"; break;
  }
  let v = `${local}@${dom}`;
  if (chance(0.08)) { v = v.toUpperCase(); form += ", upper case"; }
  return { sub: "email", form, value: v };
}

// ---------------------------------------------------------------- phones
// Each plan returns {nsn digits, groups for national form, trunk prefix, cc}
const nz = () => String(ri(2, 9));
const PLANS = {
  US: () => { const a = pick(["212", "415", "617", "312", "206", "503", "720", "404", "305", "512", "612", "702"]); const ex = nz() + String(ri(0, 9)) + String(ri(2, 9)); const ln = digits(4); return { cc: "1", trunk: "1", groups: [a, ex, ln], us: true }; },
  GB: () => chance(0.5) ? { cc: "44", trunk: "0", groups: ["7" + pick(["400", "450", "511", "723", "801", "911", "958", "984"]), digits(6)] } : pick([() => ({ cc: "44", trunk: "0", groups: ["20", pick(["7", "3", "8"]) + digits(3), digits(4)] }), () => ({ cc: "44", trunk: "0", groups: ["161", nz() + digits(2), digits(4)] }), () => ({ cc: "44", trunk: "0", groups: ["131", nz() + digits(2), digits(4)] })])(),
  AU: () => chance(0.5) ? { cc: "61", trunk: "0", groups: ["4" + pick(["00", "12", "19", "23", "38", "47", "57", "68"]), digits(3), digits(3)] } : { cc: "61", trunk: "0", groups: [pick(["2", "3", "7", "8"]), pick(["9", "8"]) + digits(3), digits(4)] },
  DE: () => pick([() => ({ cc: "49", trunk: "0", groups: [pick(["151", "152", "160", "162", "172", "176", "157"]), digits(8)] }), () => ({ cc: "49", trunk: "0", groups: [pick(["171", "170", "175"]), digits(7)] }), () => ({ cc: "49", trunk: "0", groups: ["30", nz() + digits(7)] }), () => ({ cc: "49", trunk: "0", groups: ["89", nz() + digits(6)] }), () => ({ cc: "49", trunk: "0", groups: ["221", nz() + digits(6)] })])(),
  AT: () => chance(0.5) ? { cc: "43", trunk: "0", groups: [pick(["664", "676", "650", "699"]), digits(7)] } : { cc: "43", trunk: "0", groups: ["1", nz() + digits(6)] },
  FR: () => { const p = pick(["6", "7", "1", "2", "3", "4", "5", "9"]); const first = p === "7" ? "7" + pick(["5", "6", "7", "8", "9"]) : p + nz(); return { cc: "33", trunk: "0", groups: [first.slice(0, 1), first.slice(1) + digits(1), digits(2), digits(2), digits(2)], fr: true }; },
  BE: () => chance(0.5) ? { cc: "32", trunk: "0", groups: ["4" + pick(["70", "75", "78", "85", "86", "94", "95", "97"]), digits(2), digits(2), digits(2)] } : { cc: "32", trunk: "0", groups: ["2", nz() + digits(2), digits(2), digits(2)] },
  ES: () => chance(0.6) ? { cc: "34", trunk: "", groups: ["6" + digits(2), digits(3), digits(3)] } : { cc: "34", trunk: "", groups: [pick(["91", "93", "95", "96"]) + nz(), digits(3), digits(3)] },
  IT: () => chance(0.6) ? { cc: "39", trunk: "", groups: ["3" + pick(["20", "28", "33", "35", "38", "39", "40", "47", "48", "49", "66", "89", "93"]), digits(7)] } : { cc: "39", trunk: "", groups: [pick(["06", "02"]), nz() + digits(7)] },
  NL: () => chance(0.6) ? { cc: "31", trunk: "0", groups: ["6", pick(["1", "2", "3", "4", "5"]) + digits(7)] } : { cc: "31", trunk: "0", groups: [pick(["20", "10", "30", "70"]), nz() + digits(2), digits(4)] },
  PT: () => chance(0.6) ? { cc: "351", trunk: "", groups: ["9" + pick(["1", "2", "3", "6"]) + digits(1), digits(3), digits(3)] } : { cc: "351", trunk: "", groups: ["2" + pick(["1", "2"]) + nz(), digits(3), digits(3)] },
  BR: () => chance(0.6) ? { cc: "55", trunk: "0", groups: [pick(["11", "21", "31", "41", "51", "61", "71", "81"]), "9" + pick(["6", "7", "8", "9"]) + digits(3), digits(4)], br: true } : { cc: "55", trunk: "0", groups: [pick(["11", "21", "31", "41"]), pick(["2", "3"]) + digits(3), digits(4)], br: true },
  PL: () => chance(0.6) ? { cc: "48", trunk: "", groups: [pick(["501", "502", "512", "531", "600", "601", "660", "691", "721", "781", "790", "880", "886"]), digits(3), digits(3)] } : { cc: "48", trunk: "", groups: [pick(["22", "12", "61", "71", "58"]), nz() + digits(2), digits(2), digits(2)] },
};
const IDD = { US: "011", GB: "00", AU: "0011", DE: "00", AT: "00", FR: "00", BE: "00", ES: "00", IT: "00", NL: "00", PT: "00", BR: "0021 ", PL: "00" };
function makePhone(loc) {
  const region = LOCALES[loc].region;
  let p = PLANS[region]();
  const broken = chance(0.1);
  if (broken) { // drop one digit from the last group
    const g = p.groups[p.groups.length - 1];
    p.groups[p.groups.length - 1] = g.slice(0, -1);
  }
  const nat = p.trunk + p.groups.join("");
  const g = p.groups;
  const style = ri(0, 9);
  let v, form;
  if (p.us) {
    const opts = [
      () => [`(${g[0]}) ${g[1]}-${g[2]}`, "national, parentheses"],
      () => [`${g[0]}-${g[1]}-${g[2]}`, "dashes"],
      () => [`${g[0]}.${g[1]}.${g[2]}`, "dots"],
      () => [`+1 ${g[0]} ${g[1]} ${g[2]}`, "international, spaced"],
      () => [`+1${g.join("")}`, "E.164"],
      () => [`1-${g[0]}-${g[1]}-${g[2]}`, "dashes with 1 prefix"],
      () => [`${g.join("")}`, "compact"],
      () => [`(${g[0]}) ${g[1]}-${g[2]} ext. ${ri(10, 9999)}`, "with extension"],
      () => [`+1 (${g[0]}) ${g[1]}-${g[2]}`, "international, parentheses"],
      () => [`${g[0]}-${g[1]}-${g[2]} x${ri(100, 999)}`, "with extension"],
    ];
    [v, form] = opts[style]();
  } else {
    const t = p.trunk;
    const opts = [
      () => [t + g.join(" "), "national, spaced"],
      () => [nat, "national, compact"],
      () => [`+${p.cc} ${g.join(" ")}`, "international, spaced"],
      () => [`+${p.cc}${g.join("")}`, "E.164"],
      () => [`00${p.cc} ${g.join(" ")}`, "international, 00 prefix"],
      () => [p.fr ? t + g.join(".") : t + g[0] + "/" + g.slice(1).join(""), p.fr ? "dots" : "slash"],
      () => [t + g[0] + "-" + g.slice(1).join("-"), "dashes"],
      () => [p.br ? `(${g[0]}) ${g[1]}-${g[2]}` : `+${p.cc} (${t || "0"}) ${g.join(" ")}`.replace(" (0) ", t ? " (0) " : " "), p.br ? "national, parentheses" : "international, (0)"],
      () => [`${t + g.join(" ")} ${pick(["ext.", "Durchwahl", "poste", "ext", "int."])} ${ri(10, 999)}`, "with extension"],
      () => [`+${p.cc}-${g.join("-")}`, "international, dashes"],
    ];
    [v, form] = opts[style]();
    if (style === 8) form = "with extension";
  }
  return { sub: "phone", form, value: v, region };
}

// ---------------------------------------------------------------- cards
const luhnDigit = (body) => {
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    let d = +body[body.length - 1 - i];
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  }
  return String((10 - (s % 10)) % 10);
};
const BRANDS = [
  ["Visa", () => ["4" + digits(2), pick([16, 16, 16, 13, 19])]],
  ["MasterCard", () => [String(ri(51, 55)), 16]],
  ["MasterCard", () => [String(ri(2221, 2720)), 16]],
  ["American Express", () => [pick(["34", "37"]), 15]],
  ["Discover", () => [pick(["6011", String(ri(644, 649)), "65"]), 16]],
  ["Maestro", () => [pick(["5018", "5020", "5038", "6304", "6759", "6761", "6763", "5893"]), pick([12, 13, 15, 16, 18, 19])]],
];
function makeCard() {
  const [brand, gen] = pick(BRANDS);
  const [pre, len] = gen();
  const body = pre + digits(len - 1 - pre.length);
  let check = luhnDigit(body);
  if (chance(0.1)) check = String((+check + ri(1, 9)) % 10);
  const num = body + check;
  const g4 = (sep) => num.match(/.{1,4}/g).join(sep);
  let v, form;
  if (brand === "American Express" && chance(0.6)) {
    const sep = pick([" ", "-"]);
    v = [num.slice(0, 4), num.slice(4, 10), num.slice(10)].join(sep); form = "4-6-5 groups";
  } else {
    const s = ri(0, 4);
    if (s === 0) { v = num; form = "compact"; }
    else if (s === 1 || s === 2) { v = g4(" "); form = "groups of four"; }
    else if (s === 3) { v = g4("-"); form = "dashes"; }
    else { v = g4("."); form = "dots"; }
  }
  return { sub: brand, form, value: v };
}

// ---------------------------------------------------------------- IBAN
const alnum = () => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""));
const letters = (n) => Array.from({ length: n }, () => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ".split(""))).join("");
const esCheck = (ds) => { const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]; let s = 0; for (let i = 0; i < 10; i++) s += +ds[i] * w[i]; const r = 11 - (s % 11); return String(r === 11 ? 0 : r === 10 ? 1 : r); };
const BBAN = {
  DE: () => digits(18), AT: () => digits(16), CH: () => digits(5) + Array.from({ length: 12 }, alnum).join(""),
  FR: () => digits(10) + Array.from({ length: 11 }, () => ri(0, 9)).join("") + digits(2),
  BE: () => { const b = digits(10); const r = Number(BigInt(b) % 97n); return b + String(r === 0 ? 97 : r).padStart(2, "0"); },
  ES: () => { const bank = digits(8); const acc = digits(10); return bank + esCheck("00" + bank) + esCheck(acc) + acc; },
  IT: () => letters(1) + digits(10) + digits(12), NL: () => pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"]) + digits(10),
  PT: () => digits(21), PL: () => digits(24), GB: () => pick(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + digits(14),
  IE: () => pick(["AIBK", "BOFI"]) + digits(14), LU: () => digits(3) + digits(13), DK: () => digits(14), SE: () => digits(20), FI: () => digits(14),
  BR: () => digits(23) + "C" + alnum(), AU: null, US: null,
};
const mod97 = (s) => { let r = 0; for (const c of s) { const v = /[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c; for (const d of v) r = (r * 10 + +d) % 97; } return r; };
const IBAN_BY_LOCALE = { "en-US": ["GB", "DE", "IE"], "en-GB": ["GB", "IE"], "en-AU": ["GB", "IE", "NL"], "de-DE": ["DE", "CH", "LU"], "de-AT": ["AT", "DE", "CH"], "fr-FR": ["FR", "LU", "CH"], "fr-BE": ["BE", "FR"], "es-ES": ["ES", "PT"], "it-IT": ["IT", "CH"], "nl-NL": ["NL", "BE"], "nl-BE": ["BE", "NL"], "pt-PT": ["PT", "ES"], "pt-BR": ["BR", "PT"], "pl-PL": ["PL", "DE", "SE", "DK", "FI"] };
function makeIban(loc) {
  const cc = pick(IBAN_BY_LOCALE[loc]);
  const bban = BBAN[cc]();
  let ck = String(98 - mod97(bban + cc + "00")).padStart(2, "0");
  if (chance(0.1)) ck = String((+ck + ri(1, 40)) % 97 + 2).padStart(2, "0");
  const iban = cc + ck + bban;
  const s = ri(0, 4);
  let v, form;
  if (s <= 1) { v = iban.match(/.{1,4}/g).join(" "); form = "groups of four"; }
  else if (s === 2) { v = iban; form = "compact"; }
  else if (s === 3) { v = iban.match(/.{1,4}/g).join(" ").toLowerCase(); form = "groups of four, lower case"; }
  else { v = iban.match(/.{1,4}/g).join("-"); form = "dashes"; }
  return { sub: "iban", form, value: v, cc };
}

// ---------------------------------------------------------------- national ids
const CF_ODD = { 0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
const cfEven = (c) => (/[0-9]/.test(c) ? +c : c.charCodeAt(0) - 65);
const cfName = (s, isFirst) => {
  const u = ascii(s).toUpperCase().replace(/[^A-Z]/g, "");
  const cons = u.replace(/[AEIOU]/g, ""), vow = u.replace(/[^AEIOU]/g, "");
  if (isFirst && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons + vow + "XXX").slice(0, 3);
};
const ID_MAKERS = {
  us_ssn: (bad) => {
    let a = ri(1, 899); if (a === 666) a = 667; let gr = ri(1, 99), sn = ri(1, 9999);
    if (bad) pick([() => (a = 0), () => (a = 666), () => (gr = 0), () => (sn = 0), () => (a = ri(900, 999))])();
    const A = String(a).padStart(3, "0"), G = String(gr).padStart(2, "0"), S = String(sn).padStart(4, "0");
    const s = ri(0, 3);
    return s <= 1 ? [`${A}-${G}-${S}`, "dashes"] : s === 2 ? [`${A} ${G} ${S}`, "spaced"] : [A + G + S, "compact"];
  },
  uk_nino: (bad) => {
    const P1 = "ABCEGHJKLMNOPRSTWXYZ", P2 = "ABCEGHJKLMNPRSTWXYZ";
    let pre; do { pre = pick(P1.split("")) + pick(P2.split("")); } while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(pre));
    let suf = pick("ABCD".split(""));
    if (bad) { if (chance(0.5)) suf = pick(["E", "F", "X"]); else pre = pick(["DA", "QQ", "FU", "GB", "VT"]); }
    const d = digits(6); const s = ri(0, 2);
    return s === 0 ? [`${pre} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}`, "spaced"] : s === 1 ? [pre + d + suf, "compact"] : [`${pre}${d}${suf}`.toLowerCase(), "compact, lower case"];
  },
  nl_bsn: (bad) => {
    let n; do { const b = String(ri(1, 9)) + digits(7); let s = 0; for (let i = 0; i < 8; i++) s += +b[i] * (9 - i); const c = s % 11; if (c === 10) continue; n = b + String(bad ? (c + ri(1, 9)) % 10 : c); if (bad && (s - +n[8]) % 11 === 0) n = undefined; } while (!n);
    const s = ri(0, 2);
    return s === 0 ? [n, "compact"] : s === 1 ? [`${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}`, "dots"] : [`${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, "spaced"];
  },
  de_idnr: (bad) => {
    let b; do { const ds = "0123456789".split(""); for (let i = 9; i > 0; i--) { const j = ri(0, i); [ds[i], ds[j]] = [ds[j], ds[i]]; } const arr = ds.slice(0, 9); arr.push(pick(arr)); for (let i = 9; i > 0; i--) { const j = ri(0, i); [arr[i], arr[j]] = [arr[j], arr[i]]; } b = arr.join(""); } while (b[0] === "0");
    let p = 10; for (const c of b) { let s = (+c + p) % 10; if (s === 0) s = 10; p = (2 * s) % 11; }
    let c = (11 - p) % 10; if (bad) c = (c + ri(1, 9)) % 10;
    const n = b + c; const s = ri(0, 2);
    return s === 0 ? [n, "compact"] : s === 1 ? [`${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}`, "spaced"] : [`${n.slice(0, 2)}/${n.slice(2, 5)}/${n.slice(5, 8)}/${n.slice(8)}`, "slashes"];
  },
  fr_nir: (bad) => {
    const sex = String(ri(1, 2)), yy = String(ri(40, 99)).padStart(2, "0"), mm = String(ri(1, 12)).padStart(2, "0");
    const dep = String(pick([ri(1, 19), ri(21, 95)])).padStart(2, "0"), com = String(ri(1, 990)).padStart(3, "0"), ord = String(ri(1, 999)).padStart(3, "0");
    const body = sex + yy + mm + dep + com + ord;
    let k = 97 - Number(BigInt(body) % 97n); if (bad) k = ((k + ri(1, 50)) % 97) + 1;
    const K = String(k).padStart(2, "0"); const s = ri(0, 2);
    return s === 0 ? [body + K, "compact"] : s === 1 ? [`${sex} ${yy} ${mm} ${dep} ${com} ${ord} ${K}`, "spaced"] : [`${sex} ${yy} ${mm} ${dep} ${com} ${ord}-${K}`, "spaced, dash before key"];
  },
  es_dni: (bad) => {
    const n = ri(1000000, 99999999); const L = "TRWAGMYFPDXBNJZSQVHLCKE"; let i = n % 23; if (bad) i = (i + ri(1, 22)) % 23;
    const d = String(n).padStart(8, "0"); const s = ri(0, 2);
    return s === 0 ? [d + L[i], "compact"] : s === 1 ? [`${d}-${L[i]}`, "dash"] : [`${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5)}-${L[i]}`, "dots"];
  },
  es_nie: (bad) => {
    const p = ri(0, 2); const n = digits(7); const L = "TRWAGMYFPDXBNJZSQVHLCKE"; let i = Number(String(p) + n) % 23; if (bad) i = (i + ri(1, 22)) % 23;
    const P = "XYZ"[p]; const s = ri(0, 1);
    return s === 0 ? [P + n + L[i], "compact"] : [`${P}-${n}-${L[i]}`, "dashes"];
  },
  it_cf: (bad) => {
    const nm = NAMES.it; const female = chance(0.5);
    const body = cfName(pick(nm.last), false) + cfName(pick(nm.first), true) + String(ri(40, 99)) + pick("ABCDEHLMPRST".split("")) + String(ri(1, 28) + (female ? 40 : 0)).padStart(2, "0") + pick(["H501", "F205", "L219", "G273", "A944", "D612", "F839", "L736", "C351", "B157"]);
    let s = 0; for (let i = 0; i < 15; i++) s += i % 2 === 0 ? CF_ODD[body[i]] : cfEven(body[i]);
    let c = s % 26; if (bad) c = (c + ri(1, 25)) % 26;
    const v = body + String.fromCharCode(65 + c);
    return chance(0.8) ? [v, "compact"] : [v.toLowerCase(), "compact, lower case"];
  },
};
const ID_LOCALES = { us_ssn: ["en-US"], uk_nino: ["en-GB"], nl_bsn: ["nl-NL", "nl-NL", "nl-BE"], de_idnr: ["de-DE", "de-DE", "de-AT"], fr_nir: ["fr-FR", "fr-FR", "fr-BE"], es_dni: ["es-ES"], es_nie: ["es-ES"], it_cf: ["it-IT"] };

// ---------------------------------------------------------------- templates (written blind)
// Per language and kind: N = the sentence says what {v} is; B = it does not ("naming nothing").
const TPL = {
  en: {
    email: { N: ["Kindergarten pickup changes go to the duty teacher's e-mail address {v} before 2 pm.", "Sailing club: the regatta sign-up sheet was returned from email {v}, please confirm berth 14.", "Ticket #88213, pasted JSON: {\"contact_email\": \"{v}\", \"plan\": \"basic\"}"], B: ["The dog walker said to just ping {v} if Biscuit needs an extra round on Friday.", "[discord] @mod: DM'd them already, they want the raffle prize sent via {v}"] },
    phone: { N: ["Locksmith on call tonight, mobile {v}, callout fee included up to midnight.", "Mountain hut warden: book bunks by phone on {v}; the signal is weak above 2,000 m.", "Blood drive volunteer coordinator, tel. {v}, ask about the 7:30 slot."], B: ["If the boat trailer is blocking the slipway again, try {v} and be polite.", "Flea market stall 23 — {v} — cash only, bring your own bags."] },
    card: { N: ["The photographer's booking form kept the deposit card number {v} on file for the wedding shoot.", "Housing co-op levy: pay with credit card {v}, exp 09/28, as agreed at the AGM.", "Printer's shop note: charge the Visa/MC card {v} for the 400 flyers."], B: ["Second-hand car sale, deposit paid — ref {v} — keys handed over Saturday.", "lol he literally pasted {v} into #general, someone tell him to rotate it"] },
    iban: { N: ["Rehab clinic co-payment: transfer to IBAN {v} with your patient reference.", "Allotment society dues go to our account, IBAN {v}, by 31 March.", "Choir trip refund will be paid into the IBAN you sent us: {v}."], B: ["For the beekeeping course, the treasurer asked for transfers to {v} only.", "{\"payout\": {\"to\": \"{v}\", \"amount\": 125.00, \"currency\": \"EUR\"}}"] },
    national_id: { N: ["New tenant form for the co-op, Social Security / National Insurance number: {v}.", "Blood donor registration asked for my national ID number {v} before the interview.", "Payroll for the sailing instructors needs each SSN/NINO, mine is {v}."], B: ["Rehab intake sheet, line 4: {v} (copied from the letter).", "Kindergarten enrolment — parent 2 — {v} — signed 14/02."] },
  },
  de: {
    email: { N: ["Kita Sonnenblume: Abmeldungen bitte an die E-Mail-Adresse {v} bis 8 Uhr.", "Segelverein: Die Regatta-Anmeldung kam von der Mail {v}, Liegeplatz 9 bestätigen.", "Für die Fotobuchung schreiben Sie an {v} (E-Mail), Antwort binnen 48 Stunden."], B: ["Der Hundesitter meinte, einfach {v} anschreiben, wenn Bello länger bleibt.", "Flohmarkt-Stand reserviert, Rückmeldung über {v} genügt."] },
    phone: { N: ["Schlüsseldienst Notruf, Handynummer {v}, Anfahrt bis 22 Uhr pauschal.", "Hüttenwirt der Hochalm: Reservierung telefonisch unter {v}.", "Blutspende-Termin verschieben? Ruf an: Tel. {v}."], B: ["Wenn der Bootsanhänger wieder die Slipanlage blockiert: {v}.", "Gebrauchtwagen, TÜV neu, 2. Hand — {v} — nur Abholung."] },
    card: { N: ["Die Druckerei belastet für die Plakate die Kreditkarte {v}.", "Anzahlung Fotoshooting per Kartennummer {v}, gültig bis 11/27.", "Genossenschaft: Umlage per Kreditkarte {v} wie besprochen."], B: ["Reha-Klinik, Zuzahlung erledigt, Beleg: {v}.", "hat er echt {v} in den Discord gepostet?? sofort sperren lassen"] },
    iban: { N: ["Bitte den Elternbeitrag der Kita auf die IBAN {v} überweisen.", "Vereinsbeitrag Segelclub: Konto (IBAN) {v}, Verwendungszweck Mitgliedsnummer.", "Die Rückerstattung der Hüttenkaution geht an IBAN {v}."], B: ["Imkerkurs: Überweisung bitte ausschließlich an {v}.", "Kleingartenverein, Pacht 2025 → {v}, fällig zum 1. April."] },
    national_id: { N: ["Für die Lohnabrechnung der Übungsleiter brauchen wir die Steuer-ID {v}.", "Neue Mieterin der Genossenschaft, steuerliche Identifikationsnummer: {v}.", "Reha-Antrag, Feld 7 (Steuer-Identifikationsnummer): {v}."], B: ["Anmeldebogen Kita, Elternteil 1, Zeile 3: {v}.", "Laut Brief vom Amt: {v} — bitte ablegen."] },
  },
  fr: {
    email: { N: ["Crèche Les Lutins : prévenir l'éducatrice par courriel à {v} avant 9 h.", "Club de voile : l'inscription à la régate vient de l'adresse e-mail {v}.", "Le photographe confirme la séance de mariage depuis son mail {v}."], B: ["Pour la promenade du chien mardi, écrivez simplement à {v}.", "Brocante du dimanche, emplacement 31 : réponse à {v} svp."] },
    phone: { N: ["Serrurier de garde cette nuit, portable {v}, déplacement compris.", "Gardien du refuge : réservation des couchettes au téléphone {v}.", "Don du sang : pour décaler le créneau, appelez le {v} (tél.)."], B: ["Si la remorque bloque encore la cale, essayez {v}.", "Voiture d'occasion, contrôle technique OK — {v} — pas sérieux s'abstenir."] },
    card: { N: ["L'imprimerie débitera la carte bancaire {v} pour les 500 affiches.", "Acompte du photographe réglé avec la carte n° {v}, exp. 04/29.", "Charges de la coopérative : payer par carte de crédit {v}."], B: ["Centre de rééducation, ticket modérateur réglé, réf. {v}.", "il a collé {v} dans le salon discord, faut lui dire de faire opposition"] },
    iban: { N: ["Merci de virer la participation de la crèche sur l'IBAN {v}.", "Cotisation du club de voile : IBAN {v}, libellé = nom du bateau.", "Le remboursement de la caution du refuge part vers l'IBAN {v}."], B: ["Stage d'apiculture : virement uniquement vers {v}.", "Jardins familiaux, loyer 2025 → {v}, échéance 1er avril."] },
    national_id: { N: ["Dossier de paie des moniteurs : numéro de sécurité sociale {v}.", "Nouvelle locataire de la coopérative, NIR : {v}.", "Formulaire de rééducation, case 7 (n° de sécu) : {v}."], B: ["Fiche d'inscription crèche, parent 1, ligne 3 : {v}.", "D'après le courrier reçu : {v} — à classer."] },
  },
  es: {
    email: { N: ["Guardería Los Pinos: avisos de recogida al correo electrónico {v}.", "Club náutico: la inscripción a la regata llegó desde el e-mail {v}.", "El fotógrafo confirma la sesión desde su correo {v}."], B: ["Para pasear a la perra el jueves, escribe a {v} y listo.", "Rastro del domingo, puesto 12: respuestas a {v}."] },
    phone: { N: ["Cerrajero de guardia esta noche, móvil {v}, desplazamiento incluido.", "Refugio de montaña: reservas por teléfono al {v}.", "Donación de sangre, para cambiar la cita llama al tel. {v}."], B: ["Si el remolque vuelve a tapar la rampa, prueba con {v}.", "Coche de segunda mano, ITV pasada — {v} — solo en efectivo."] },
    card: { N: ["La imprenta cargará a la tarjeta de crédito {v} los 300 carteles.", "Señal del fotógrafo pagada con la tarjeta número {v}, cad. 08/27.", "Cuota de la cooperativa con tarjeta {v}, como se acordó."], B: ["Clínica de rehabilitación, copago hecho, justificante {v}.", "tío, ha pegado {v} en el canal de discord, que la bloquee ya"] },
    iban: { N: ["Por favor, transfiere la cuota de la guardería al IBAN {v}.", "Cuota del club náutico: IBAN {v}, concepto número de socio.", "La devolución de la fianza del refugio irá al IBAN {v}."], B: ["Curso de apicultura: transferencias solo a {v}.", "Huertos urbanos, alquiler 2025 → {v}, vence el 1 de abril."] },
    national_id: { N: ["Nómina de los monitores de vela: necesitamos el DNI/NIE {v}.", "Nueva inquilina de la cooperativa, documento de identidad: {v}.", "Formulario de rehabilitación, casilla 7 (DNI): {v}."], B: ["Ficha de inscripción de la guardería, tutor 1, línea 3: {v}.", "Según la carta recibida: {v} — archivar."] },
  },
  it: {
    email: { N: ["Asilo nido Girasole: avvisi di ritiro all'indirizzo e-mail {v}.", "Circolo velico: l'iscrizione alla regata è arrivata dalla mail {v}.", "Il fotografo conferma il servizio dalla sua posta elettronica {v}."], B: ["Per la passeggiata del cane giovedì scrivi pure a {v}.", "Mercatino delle pulci, banco 7: risposte a {v}."] },
    phone: { N: ["Fabbro reperibile stanotte, cellulare {v}, uscita compresa.", "Rifugio alpino: prenotazioni dei posti letto al telefono {v}.", "Donazione di sangue, per spostare l'appuntamento chiama il tel. {v}."], B: ["Se il carrello della barca blocca di nuovo lo scivolo, prova {v}.", "Auto usata, revisione fatta — {v} — no perditempo."] },
    card: { N: ["La tipografia addebiterà sulla carta di credito {v} i 250 manifesti.", "Acconto del fotografo pagato con la carta n. {v}, scad. 02/28.", "Quota della cooperativa con carta {v}, come deciso in assemblea."], B: ["Centro di riabilitazione, ticket saldato, rif. {v}.", "ha incollato {v} nel canale discord, digli di bloccarla subito"] },
    iban: { N: ["Si prega di versare la retta dell'asilo sull'IBAN {v}.", "Quota del circolo velico: IBAN {v}, causale numero tessera.", "Il rimborso della caparra del rifugio andrà all'IBAN {v}."], B: ["Corso di apicoltura: bonifici solo a {v}.", "Orti sociali, affitto 2025 → {v}, scadenza 1° aprile."] },
    national_id: { N: ["Per i compensi degli istruttori serve il codice fiscale {v}.", "Nuova inquilina della cooperativa, codice fiscale: {v}.", "Modulo di riabilitazione, campo 7 (C.F.): {v}."], B: ["Scheda d'iscrizione all'asilo, genitore 1, riga 3: {v}.", "Dalla lettera arrivata: {v} — da archiviare."] },
  },
  nl: {
    email: { N: ["Kinderdagverblijf De Boomhut: afmelden via het e-mailadres {v} voor 8 uur.", "Zeilvereniging: de regatta-inschrijving kwam van mail {v}.", "De fotograaf bevestigt de shoot vanaf zijn e-mail {v}."], B: ["Voor het uitlaten van de hond donderdag, stuur gewoon een berichtje naar {v}.", "Rommelmarkt, kraam 18: reacties naar {v} graag."] },
    phone: { N: ["Slotenmaker met nachtdienst, mobiel nummer {v}, voorrijkosten inbegrepen.", "Berghut: bedden reserveren telefonisch via {v}.", "Bloedafname verzetten? Bel tel. {v}."], B: ["Als de boottrailer weer de helling blokkeert: {v}.", "Tweedehands auto, APK tot 2026 — {v} — alleen contant."] },
    card: { N: ["De drukkerij schrijft de 600 flyers af van creditcard {v}.", "Aanbetaling fotograaf voldaan met kaartnummer {v}, geldig tot 06/28.", "Bijdrage wooncoöperatie per creditcard {v}, zoals afgesproken."], B: ["Revalidatiecentrum, eigen bijdrage betaald, kenmerk {v}.", "hij heeft {v} gewoon in discord geplakt, laat hem die blokkeren"] },
    iban: { N: ["Graag de ouderbijdrage van de crèche overmaken naar IBAN {v}.", "Contributie zeilvereniging: rekeningnummer (IBAN) {v}, o.v.v. lidnummer.", "De borg van de berghut wordt teruggestort op IBAN {v}."], B: ["Imkercursus: overmaken uitsluitend naar {v}.", "Volkstuinvereniging, huur 2025 → {v}, uiterlijk 1 april."] },
    national_id: { N: ["Voor de salarisadministratie van de zeilinstructeurs hebben we je BSN {v} nodig.", "Nieuwe huurder van de coöperatie, burgerservicenummer: {v}.", "Revalidatie-intake, vak 7 (BSN): {v}."], B: ["Inschrijfformulier kinderopvang, ouder 1, regel 3: {v}.", "Volgens de brief van de gemeente: {v} — opbergen."] },
  },
  pt: {
    email: { N: ["Creche Pequenos Passos: avisos de recolha para o e-mail {v}.", "Clube de vela: a inscrição na regata veio do endereço de email {v}.", "O fotógrafo confirma a sessão a partir do correio eletrónico {v}."], B: ["Para passear o cão na quinta, é só mandar mensagem para {v}.", "Feira da ladra, banca 22: respostas para {v}."] },
    phone: { N: ["Serralheiro de serviço esta noite, telemóvel {v}, deslocação incluída.", "Abrigo de montanha: reservas pelo telefone {v}.", "Doação de sangue, para remarcar ligue para o tel. {v}."], B: ["Se o reboque voltar a bloquear a rampa, tenta {v}.", "Carro usado, revisão feita — {v} — só dinheiro vivo."] },
    card: { N: ["A gráfica vai debitar no cartão de crédito {v} os 200 cartazes.", "Sinal do fotógrafo pago com o cartão n.º {v}, val. 10/27.", "Quota da cooperativa de habitação com o cartão {v}, como combinado."], B: ["Clínica de reabilitação, comparticipação paga, ref. {v}.", "ele colou {v} no canal do discord, diz-lhe para cancelar já"] },
    iban: { N: ["Por favor transfira a mensalidade da creche para o IBAN {v}.", "Quota do clube de vela: IBAN {v}, descritivo número de sócio.", "A devolução da caução do abrigo vai para o IBAN {v}."], B: ["Curso de apicultura: transferências só para {v}.", "Hortas comunitárias, renda 2025 → {v}, até 1 de abril."] },
    national_id: { N: ["Para pagar os monitores de vela precisamos do número de identificação {v}.", "Nova inquilina da cooperativa, documento de identificação: {v}.", "Formulário da reabilitação, campo 7 (n.º de identificação): {v}."], B: ["Ficha de inscrição da creche, encarregado 1, linha 3: {v}.", "Segundo a carta recebida: {v} — arquivar."] },
  },
  pl: {
    email: { N: ["Przedszkole Słoneczko: zmiany odbioru dziecka na adres e-mail {v}.", "Klub żeglarski: zgłoszenie do regat przyszło z maila {v}.", "Fotograf potwierdza sesję ze swojej poczty {v}."], B: ["Jak trzeba wyprowadzić psa w czwartek, napisz po prostu na {v}.", "Pchli targ, stoisko 9: odpowiedzi na {v}."] },
    phone: { N: ["Ślusarz dyżurny dziś w nocy, komórka {v}, dojazd w cenie.", "Schronisko górskie: rezerwacja miejsc telefonicznie pod numerem {v}.", "Oddawanie krwi — zmiana terminu pod nr tel. {v}."], B: ["Jeśli przyczepa znowu blokuje slip, spróbuj {v}.", "Auto używane, przegląd ważny — {v} — tylko gotówka."] },
    card: { N: ["Drukarnia obciąży kartę kredytową {v} za 350 plakatów.", "Zaliczka dla fotografa opłacona kartą nr {v}, ważna do 03/29.", "Opłata spółdzielni kartą płatniczą {v}, jak ustalono."], B: ["Ośrodek rehabilitacji, dopłata uregulowana, nr {v}.", "wkleił {v} na kanale discorda, niech ją natychmiast zastrzeże"] },
    iban: { N: ["Proszę przelać opłatę za przedszkole na IBAN {v}.", "Składka klubu żeglarskiego: numer konta IBAN {v}, w tytule nr członka.", "Zwrot kaucji za schronisko trafi na IBAN {v}."], B: ["Kurs pszczelarski: przelewy wyłącznie na {v}.", "Ogródki działkowe, czynsz 2025 → {v}, termin 1 kwietnia."] },
    national_id: { N: ["Do wypłat dla instruktorów żeglarstwa potrzebny jest numer identyfikacyjny {v}.", "Nowa lokatorka spółdzielni, numer dokumentu tożsamości: {v}.", "Formularz rehabilitacji, pole 7 (nr identyfikacyjny): {v}."], B: ["Karta zapisu do przedszkola, rodzic 1, wiersz 3: {v}.", "Według otrzymanego pisma: {v} — do archiwum."] },
  },
};
const templates = [];
const templatesNamingNothing = [];
const tplIndex = {}; // lang|kind -> [indexes]
for (const [lang, kinds] of Object.entries(TPL)) {
  for (const [kind, { N, B }] of Object.entries(kinds)) {
    for (const [list, named] of [[N, true], [B, false]]) {
      for (const text of list) {
        const i = templates.length;
        templates.push({ lang, kind, names_value: named, text });
        if (!named) templatesNamingNothing.push(i);
        (tplIndex[`${lang}|${kind}`] ||= []).push(i);
      }
    }
  }
}

// ---------------------------------------------------------------- benign (no PII)
const pad = (n, w) => String(n).padStart(w, "0");
const dec = (lo, hi, p, sep = ".") => (lo + rand() * (hi - lo)).toFixed(p).replace(".", sep);
const up = (n) => Array.from({ length: n }, () => pick("ABCDEFGHJKLMNPRSTUVWXYZ".split(""))).join("");
const an = (n) => Array.from({ length: n }, () => pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789".split(""))).join("");
const date = (sep = "-") => `${ri(2019, 2026)}${sep}${pad(ri(1, 12), 2)}${sep}${pad(ri(1, 28), 2)}`;
const hhmm = () => `${pad(ri(5, 23), 2)}:${pad(ri(0, 59), 2)}`;
const ean13 = (pre) => { let b = pre + digits(12 - pre.length); let s = 0; for (let i = 0; i < 12; i++) s += +b[i] * (i % 2 ? 3 : 1); return b + ((10 - (s % 10)) % 10); };
const BENIGN = [
  ["lab_sample_ids", "en", () => `Sample LS-${ri(2021, 2026)}-${pad(ri(1, 99999), 5)} was spun at ${ri(15, 45) * 100} rpm for ${ri(5, 20)} min; aliquots ${up(1)}1–${up(1)}${ri(4, 9)} went to freezer rack ${ri(1, 12)} at −${ri(20, 80)} °C.`],
  ["train_seats", "de", () => `ICE ${ri(500, 1999)} nach ${pick(["München", "Hamburg", "Köln", "Leipzig"])}, Wagen ${ri(1, 14)}, Platz ${ri(11, 118)}, Abfahrt ${hhmm()} von Gleis ${ri(1, 22)}, ${ri(2, 45)} Minuten Verspätung.`],
  ["device_serials", "en", () => `Boiler serial ${up(2)}-${an(4)}-${ri(10000, 99999)}, firmware ${ri(1, 9)}.${ri(0, 30)}.${ri(0, 9)}, last serviced ${date()} at ${ri(1000, 99999)} operating hours.`],
  ["lottery_draws", "es", () => { const ns = []; while (ns.length < 6) { const n = ri(1, 49); if (!ns.includes(n)) ns.push(n); } ns.sort((a, b) => a - b); return `Sorteo del ${pick(["jueves", "sábado"])}: ${ns.map((n) => pad(n, 2)).join(" - ")}, complementario ${ri(1, 49)}, reintegro ${ri(0, 9)}; bote de ${ri(2, 90)} millones.`; }],
  ["sort_codes_alone", "en", () => `The branch with sort code ${pad(ri(1, 99), 2)}-${pad(ri(0, 99), 2)}-${pad(ri(0, 99), 2)} moves to ${ri(2, 220)} High Street on ${ri(1, 28)} ${pick(["May", "June", "July"])}; opening hours stay 09:30–16:00.`],
  ["coordinates", "fr", () => `Mouillage par ${ri(41, 50)}°${pad(ri(0, 59), 2)}'${pad(ri(0, 59), 2)}"N ${ri(1, 9)}°${pad(ri(0, 59), 2)}'${pad(ri(0, 59), 2)}"E, fond de ${dec(3, 20, 1, ",")} m, vent ${ri(5, 30)} nœuds, cap ${ri(0, 359)}°.`],
  ["building_measurements", "it", () => `Trave ${dec(2, 8, 2, ",")} m × ${dec(0.2, 0.6, 2, ",")} m, carico ${ri(200, 2500)} kg/m², freccia massima ${ri(4, 30)} mm, calcestruzzo C${pick(["25/30", "30/37", "35/45"])}.`],
  ["meeting_dates", "nl", () => `De ledenvergadering is verplaatst van ${pad(ri(1, 28), 2)}-${pad(ri(1, 12), 2)}-${ri(2024, 2026)} ${hhmm()} naar ${pad(ri(1, 28), 2)}-${pad(ri(1, 12), 2)}-${ri(2024, 2026)} ${hhmm()}, zaal ${ri(1, 6)}.`],
  ["sports_stats", "en", () => `Season totals: ${ri(300, 3200).toLocaleString("en-US")} minutes, ${ri(0, 35)} goals, ${ri(0, 20)} assists, pass accuracy ${dec(60, 95, 1)}%, distance ${dec(80, 400, 1)} km.`],
  ["postal_codes", "pl", () => `Paczka jedzie z ${pad(ri(0, 99), 2)}-${pad(ri(0, 999), 3)} ${pick(["Warszawa", "Łódź", "Poznań"])} do ${pad(ri(0, 99), 2)}-${pad(ri(0, 999), 3)} ${pick(["Kraków", "Gdańsk", "Lublin"])}, waga ${dec(0.3, 25, 2, ",")} kg.`],
  ["appliance_models", "de", () => `Geschirrspüler Modell ${up(3)}${ri(2, 8)}${up(3)}${ri(10, 99)}${up(1)}, Fertigungsnummer FD ${ri(9000, 9999)}, Energieklasse ${pick(["B", "C", "D"])}, ${ri(40, 49)} dB.`],
  ["imei_numbers", "en", () => { const b = pick(["35", "86", "01"]) + digits(12); const n = b + luhnDigit(b); return `The tablet's IMEI ${n} is registered to the school's device pool, slot ${ri(1, 40)} in trolley ${up(1)}.`; }],
  ["isbn_books", "pt", () => { const b = "978" + pick(["85", "972"]) + digits(7); const c = (10 - ([...b].reduce((s, d, i) => s + +d * (i % 2 ? 3 : 1), 0) % 10)) % 10; return `O livro com ISBN ${b.slice(0, 3)}-${b.slice(3, b.length - 7 + 2)}-${b.slice(-7 + 2)}-${c} está na prateleira ${ri(1, 30)}, ${ri(120, 900)} páginas, edição de ${ri(1980, 2024)}.`; }],
  ["court_file_numbers", "de", () => `Az. ${ri(1, 30)} ${pick(["O", "C", "S", "U"])} ${ri(10, 999)}/${pad(ri(19, 25), 2)}, Termin am ${pad(ri(1, 28), 2)}.${pad(ri(1, 12), 2)}.${ri(2024, 2026)} um ${hhmm()} Uhr, Saal ${ri(100, 320)}.`],
  ["weather_readings", "es", () => `Presión ${dec(985, 1035, 1, ",")} hPa, humedad ${ri(20, 99)} %, lluvia acumulada ${dec(0, 60, 1, ",")} mm, rachas de ${ri(10, 110)} km/h a las ${hhmm()}.`],
  ["recipe_quantities", "fr", () => `Pour ${ri(4, 12)} personnes : ${ri(100, 900)} g de farine, ${ri(2, 6)} œufs, ${ri(10, 50)} cl de lait, cuisson ${ri(15, 70)} min à ${ri(150, 230)} °C.`],
  ["commit_hashes", "en", () => `commit ${Array.from({ length: 7 }, () => pick("0123456789abcdef".split(""))).join("")} bumps the version ${ri(1, 4)}.${ri(0, 20)}.${ri(0, 9)} → ${ri(1, 4)}.${ri(0, 20)}.${ri(0, 9)}; CI build #${ri(1000, 99999)} took ${ri(2, 40)}m${ri(0, 59)}s.`],
  ["ip_addresses_ports", "en", () => `The test runner listens on 10.${ri(0, 255)}.${ri(0, 255)}.${ri(1, 254)}:${ri(1024, 65000)} and proxies to 192.168.${ri(0, 255)}.${ri(1, 254)}:${pick([80, 443, 8080, 8443])}, timeout ${ri(5, 120)} s.`],
  ["flight_gates", "it", () => `Volo ${pick(["AZ", "FR", "U2", "LH"])} ${ri(100, 9999)} per ${pick(["Catania", "Bari", "Monaco", "Lisbona"])}, imbarco ${hhmm()} al gate ${up(1)}${ri(1, 60)}, posto ${ri(1, 33)}${pick(["A", "C", "D", "F"])}.`],
  ["library_call_numbers", "nl", () => `Het boek staat onder signatuur ${ri(100, 999)}.${ri(1, 99)} ${up(3)}, exemplaar ${ri(1, 9)} van ${ri(2, 9)}, terug te brengen voor ${pad(ri(1, 28), 2)}-${pad(ri(1, 12), 2)}.`],
  ["chess_ratings", "pl", () => `Turniej szachowy, runda ${ri(1, 9)}: stół ${ri(1, 60)}, ranking ${ri(1200, 2650)} kontra ${ri(1200, 2650)}, tempo ${pick(["90+30", "15+10", "3+2"])}, wynik ${pick(["1-0", "0-1", "½-½"])}.`],
  ["vehicle_vins", "de", () => `Fahrgestellnummer ${pick(["WVW", "WBA", "WDB", "VF1", "ZFA"])}${an(6)}${ri(0, 9)}${an(1)}${pad(ri(0, 999999), 6)}, Erstzulassung ${pad(ri(1, 12), 2)}/${ri(2005, 2023)}, Laufleistung ${ri(10, 290)}.${pad(ri(0, 999), 3)} km.`],
  ["parcel_tracking", "en", () => `Parcel 1Z${an(6)}${digits(10)} left the hub at ${hhmm()}, ${ri(1, 30)} kg, ${ri(1, 4)} of ${ri(4, 6)} pieces; next scan expected within ${ri(6, 48)} h.`],
  ["ward_beds", "en", () => `Ward ${ri(1, 12)}${up(1)}, bed ${ri(1, 32)}: BP ${ri(100, 160)}/${ri(60, 100)}, pulse ${ri(50, 110)}, SpO2 ${ri(90, 100)}%, temp ${dec(36, 39, 1)} °C at ${hhmm()}.`],
  ["market_quotes", "en", () => `EUR/USD ${dec(1.02, 1.15, 4)}, DAX ${ri(15000, 21000).toLocaleString("en-US")}.${pad(ri(0, 99), 2)} (${pick(["+", "−"])}${dec(0, 2, 2)}%), Brent $${dec(60, 95, 2)} a barrel at ${hhmm()} CET.`],
  ["css_colours", "en", () => `.badge { color: #${an(6).toLowerCase().replace(/[^0-9a-f]/g, "a")}; padding: ${ri(2, 16)}px ${ri(4, 24)}px; z-index: ${ri(1, 9999)}; transition: ${ri(100, 600)}ms; }`],
  ["log_lines", "en", () => `${date()}T${hhmm()}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)}Z INFO worker-${ri(1, 16)} req=${an(8).toLowerCase()} status=${pick([200, 201, 204, 304, 404, 503])} latency=${ri(2, 2400)}ms bytes=${ri(100, 900000)}`],
  ["physics_values", "de", () => `Messreihe ${ri(1, 40)}: Fallzeit ${dec(0.3, 2.5, 3, ",")} s, Höhe ${dec(0.5, 20, 2, ",")} m, g ≈ ${dec(9.7, 9.9, 3, ",")} m/s², Abweichung ${dec(0, 3, 2, ",")} %.`],
  ["census_figures", "fr", () => `La commune compte ${ri(1, 99)} ${pad(ri(0, 999), 3)} habitants en ${ri(2010, 2024)}, dont ${ri(1, 49)} ${pad(ri(0, 999), 3)} femmes, densité ${ri(20, 4000)} hab./km², code INSEE ${pad(ri(1, 95), 2)}${pad(ri(1, 999), 3)}.`],
  ["warehouse_barcodes", "pl", () => `Magazyn ${up(1)}, regał ${ri(1, 40)}, półka ${ri(1, 8)}: kod kreskowy EAN ${ean13("590")}, ${ri(1, 500)} szt., data ważności ${pad(ri(1, 28), 2)}.${pad(ri(1, 12), 2)}.${ri(2025, 2028)}.`],
];

// ---------------------------------------------------------------- build
const PER_KIND = 400;
const pii = [];
const push = (loc, kind, made) => {
  const lang = LOCALES[loc].lang;
  const tIdx = pick(tplIndex[`${lang}|${kind}`]);
  const text = templates[tIdx].text.replace("{v}", made.value);
  pii.push({ locale: loc, kind, sub: made.sub, form: made.form, check: null, template: tIdx, text, values: [made.value], _region: made.region });
};
for (let i = 0; i < PER_KIND; i++) push(LOCALE_KEYS[i % LOCALE_KEYS.length], "email", makeEmail(LOCALE_KEYS[i % LOCALE_KEYS.length]));
for (let i = 0; i < PER_KIND; i++) { const loc = LOCALE_KEYS[i % LOCALE_KEYS.length]; push(loc, "phone", makePhone(loc)); }
for (let i = 0; i < PER_KIND; i++) push(pick(LOCALE_KEYS), "card", makeCard());
for (let i = 0; i < PER_KIND; i++) { const loc = LOCALE_KEYS[i % LOCALE_KEYS.length]; push(loc, "iban", makeIban(loc)); }
const SUBS = Object.keys(ID_MAKERS);
for (let i = 0; i < PER_KIND; i++) {
  const sub = SUBS[i % SUBS.length];
  const [value, form] = ID_MAKERS[sub](chance(0.1));
  push(pick(ID_LOCALES[sub]), "national_id", { sub, form, value });
}
const benign = [];
for (const [family, lang, gen] of BENIGN) for (let i = 0; i < 30; i++) benign.push({ family, lang, text: gen() });

// ---------------------------------------------------------------- label with the reference checks only
const input = pii.map((r) => JSON.stringify({ kind: r.kind, sub: r.sub, value: r.values[0], region: r._region ?? null })).join("\n") + "\n";
const res = spawnSync(PYTHON, ["bench/pii_reference_checks.py"], { input, encoding: "utf8", maxBuffer: 1 << 28 });
if (res.status !== 0) { console.error(res.stderr); process.exit(1); }
const ans = JSON.parse(res.stdout);
pii.forEach((r, i) => { const p = ans.passes[i]; r.check = p === null ? "n/a" : p ? "valid" : "invalid"; delete r._region; });

const out = {
  source: "random-words", source_version: RW_VERSION, source_licence: "MIT",
  stdnum_version: ans.versions.stdnum_version, phonenumbers_version: ans.versions.phonenumbers_version,
  generator: "bench/make_pii_tenth.mjs", seed: SEED, locales: LOCALE_KEYS,
  templates, templates_naming_nothing: templatesNamingNothing, pii, benign,
};
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n");
const tally = {};
for (const r of pii) { const k = `${r.kind}/${r.check}`; tally[k] = (tally[k] || 0) + 1; }
console.error(`wrote ${OUT}: ${pii.length} pii, ${benign.length} benign, ${templates.length} templates`, tally);
