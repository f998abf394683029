// Eleventh held-out PII corpus for phaseone's builtin PII engine (issue #17).
//
// Source package: npm `sillyname` 0.1.0 (MIT) for e-mail handles and nicknames, driven by the
// seeded PRNG of npm `seedrandom` 3.0.5 (MIT), which also makes every other random choice.
// Seed: 20261111 (SEED below). Personal names come from small hand-written per-language lists.
// What sillyname lacks is built here from public algorithms: issuer prefix ranges + Luhn for
// cards, ISO 13616 mod-97 IBANs (with the ES CCC and BE national check digits), the eight
// national identifiers' checksums, phone numbers from national numbering plans.
// About one value in ten is broken on purpose; every `check` label comes ONLY from
// bench/pii_reference_checks.py (python-stdnum, phonenumbers, Luhn), spawned with the
// Python named by $PII_REF_PYTHON (default /work/main/.venv/bin/python).
//
// Run:  mkdir -p /tmp/g11 && cd /tmp/g11 && npm init -y && npm i sillyname@0.1.0 seedrandom@3.0.5
//       node bench/make_pii_eleventh.mjs [out.json]      (default bench/data/pii_eleventh.json)
//       ($PII_GEN_MODULES names the directory holding that node_modules; default /tmp/g11)
// Same inputs -> same file byte for byte.
// All templates and benign sentences were written blind (without reading the engine, its tests
// or the earlier corpora), and the output file was frozen before any detector ran on it.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const MODS = process.env.PII_GEN_MODULES || "/tmp/g11";
const require = createRequire(path.join(MODS, "package.json"));
const sillyname = require("sillyname");
const seedrandom = require("seedrandom");
const SILLY_VERSION = require("sillyname/package.json").version;
const PYTHON = process.env.PII_REF_PYTHON || "/work/main/.venv/bin/python";
const OUT = process.argv[2] || "bench/data/pii_eleventh.json";
const SEED = 20261111;
const rng = seedrandom(String(SEED));

const ri = (a, b) => a + Math.floor(rng() * (b - a + 1)); // inclusive
const pick = (xs) => xs[Math.floor(rng() * xs.length)];
const digits = (n) => Array.from({ length: n }, () => ri(0, 9)).join("");
const letters = (n) => Array.from({ length: n }, () => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ")).join("");
const chance = (p) => rng() < p;

// ---------------------------------------------------------------- locales and names
const LOCALES = {
  "en-US": { lang: "en", region: "US" }, "en-GB": { lang: "en", region: "GB" },
  "en-IE": { lang: "en", region: "IE" }, "en-AU": { lang: "en", region: "AU" },
  "de-DE": { lang: "de", region: "DE" }, "de-AT": { lang: "de", region: "AT" },
  "de-CH": { lang: "de", region: "CH" }, "fr-FR": { lang: "fr", region: "FR" },
  "fr-BE": { lang: "fr", region: "BE" }, "es-ES": { lang: "es", region: "ES" },
  "it-IT": { lang: "it", region: "IT" }, "nl-NL": { lang: "nl", region: "NL" },
  "nl-BE": { lang: "nl", region: "BE" }, "pt-PT": { lang: "pt", region: "PT" },
  "pt-BR": { lang: "pt", region: "BR" }, "pl-PL": { lang: "pl", region: "PL" },
};
const LOCALE_NAMES = Object.keys(LOCALES);
const NAMES = {
  en: [["Maggie", "Declan", "Tobias", "Wren", "Hollis", "Priya", "Callum", "Nell"], ["Ashdown", "Pryce", "Kilbride", "Okafor", "Whitlow", "Brennan", "Yates", "Lockhart"]],
  de: [["Wiebke", "Jannik", "Hedwig", "Malte", "Frauke", "Ole", "Gesine", "Lorenz"], ["Brückner", "Hahnemann", "Voßberg", "Kühl", "Ritter", "Steinmetz", "Lehmkuhl", "Abt"]],
  fr: [["Solène", "Gaspard", "Maëlle", "Anatole", "Bérénice", "Loïc", "Ninon", "Thibault"], ["Lefebvre", "Roussel", "Chauvin", "Mercier", "Guérin", "Faure", "Besnard", "Prévost"]],
  es: [["Itziar", "Borja", "Remedios", "Iñaki", "Candela", "Fermín", "Nerea", "Sancho"], ["Etxeberria", "Quintana", "Peñalver", "Ribas", "Cuesta", "Olmedo", "Zamora", "Lorente"]],
  it: [["Ginevra", "Ottavio", "Brunella", "Tancredi", "Ilaria", "Ruggero", "Assunta", "Elio"], ["Bertolini", "Cavalli", "Esposito", "Fumagalli", "Lanza", "Marchetti", "Pirelli", "Zanetti"]],
  nl: [["Femke", "Joost", "Marieke", "Sjoerd", "Lotte", "Bram", "Ilse", "Wouter"], ["van Dijk", "Hoekstra", "de Boer", "Kuipers", "Mulder", "Verbeek", "Smit", "Brouwer"]],
  pt: [["Leonor", "Duarte", "Inês", "Tiago", "Beatriz", "Gonçalo", "Mafalda", "Rui"], ["Albuquerque", "Figueiredo", "Sousa", "Carvalho", "Teixeira", "Moura", "Pacheco", "Gouveia"]],
  pl: [["Agnieszka", "Bartosz", "Jadwiga", "Wojciech", "Zofia", "Przemysław", "Halina", "Kacper"], ["Wiśniewski", "Kowalczyk", "Zieliński", "Szymańska", "Wróbel", "Dąbrowski", "Krawczyk", "Pawlak"]],
};
const person = (lang) => `${pick(NAMES[lang][0])} ${pick(NAMES[lang][1])}`;
const ascii = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss").replace(/ł/g, "l").replace(/Ł/g, "L").toLowerCase().replace(/[^a-z]/g, "");

// ---------------------------------------------------------------- e-mail
const DOMAINS = {
  en: ["gmail.com", "outlook.com", "btinternet.com", "eircom.net", "bigpond.com", "yahoo.co.uk", "icloud.com", "protonmail.com"],
  de: ["gmx.de", "web.de", "t-online.de", "bluewin.ch", "aon.at", "posteo.de", "mailbox.org"],
  fr: ["orange.fr", "free.fr", "laposte.net", "skynet.be", "sfr.fr", "wanadoo.fr"],
  es: ["telefonica.net", "gmail.com", "hotmail.es", "yahoo.es", "movistar.es"],
  it: ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "fastwebnet.it"],
  nl: ["ziggo.nl", "kpnmail.nl", "hetnet.nl", "telenet.be", "xs4all.nl", "planet.nl"],
  pt: ["sapo.pt", "gmail.com", "uol.com.br", "bol.com.br", "clix.pt", "terra.com.br"],
  pl: ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "gazeta.pl"],
};
const ORG = ["kappers-studio", "dojo-kanazawa", "solarwerk", "parish-stmarys", "skischule-alpbach", "hospice-rota", "su-union", "apteka-dom"];
function makeEmail(lang) {
  const [f, l] = [ascii(pick(NAMES[lang][0])), ascii(pick(NAMES[lang][1]))];
  const silly = sillyname(rng).toLowerCase().split(" ");
  const style = ri(0, 7);
  let local, form;
  if (style === 0) { local = `${f}.${l}`; form = "first.last"; }
  else if (style === 1) { local = `${f[0]}${l}`; form = "initial+last"; }
  else if (style === 2) { local = `${f}${ri(1, 99)}`; form = "first+digits"; }
  else if (style === 3) { local = `${silly[0]}${ri(10, 999)}`; form = "nickname"; }
  else if (style === 4) { local = `${silly[0]}.${silly[1]}`; form = "nickname dotted"; }
  else if (style === 5) { local = `${f}_${l}`; form = "underscore"; }
  else if (style === 6) { local = `${f}+${pick(["dojo", "ski", "rota", "newsletter", "solar"])}`; form = "plus tag"; }
  else { local = `${l}-${f[0]}`; form = "last-initial"; }
  let domain = chance(0.2) ? `${pick(ORG)}.${pick(["org", "eu", "net", "co.uk", "de", "fr"])}` : pick(DOMAINS[lang]);
  if (chance(0.08)) { local = local[0].toUpperCase() + local.slice(1); form += " capitalised"; }
  return { value: `${local}@${domain}`, form };
}

// ---------------------------------------------------------------- cards
function luhnDigit(body) {
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    let d = +body[body.length - 1 - i];
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  }
  return String((10 - (s % 10)) % 10);
}
const bump = (d) => String((+d + ri(1, 9)) % 10);
const BRANDS = [
  ["Visa", () => "4", () => pick([16, 16, 16, 13, 19])],
  ["MasterCard", () => (chance(0.6) ? String(ri(51, 55)) : String(ri(2221, 2720))), () => 16],
  ["American Express", () => pick(["34", "37"]), () => 15],
  ["Discover", () => pick(["6011", "65", String(ri(644, 649))]), () => 16],
  ["Maestro", () => pick(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6763"]), () => pick([12, 13, 15, 16, 16, 17, 18, 19])],
];
function groupBy(s, sizes, sep) {
  const out = []; let i = 0;
  for (const n of sizes) { if (i >= s.length) break; out.push(s.slice(i, i + n)); i += n; }
  if (i < s.length) out.push(s.slice(i));
  return out.join(sep);
}
function makeCard(broken) {
  const [brand, pre, len] = pick(BRANDS);
  const p = pre(); const n = len();
  const body = p + digits(n - 1 - p.length);
  let chk = luhnDigit(body); if (broken) chk = bump(chk);
  const num = body + chk;
  const f = ri(0, 4);
  if (f === 0) return { sub: brand, value: num, form: "compact" };
  const sizes = brand === "American Express" ? [4, 6, 5] : [4, 4, 4, 4, 4];
  const label = brand === "American Express" ? "4-6-5 groups" : "groups of four";
  if (f === 1 || f === 2) return { sub: brand, value: groupBy(num, sizes, " "), form: `${label}, spaced` };
  if (f === 3) return { sub: brand, value: groupBy(num, sizes, "-"), form: `${label}, dashes` };
  return { sub: brand, value: groupBy(num, sizes, "."), form: `${label}, dots` };
}

// ---------------------------------------------------------------- IBAN
function mod97(str) { let r = 0; for (const ch of str) r = (r * 10 + +ch) % 97; return r; }
const alnumToDigits = (s) => [...s].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join("");
function esCcc(ten) { const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]; let s = 0; for (let i = 0; i < 10; i++) s += w[i] * +ten[i]; const d = 11 - (s % 11); return String(d === 11 ? 0 : d === 10 ? 1 : d); }
const BBAN = {
  DE: () => digits(8) + digits(10), AT: () => digits(5) + digits(11), CH: () => digits(5) + digits(12),
  GB: () => pick(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + digits(14), IE: () => pick(["AIBK", "BOFI", "IPBS"]) + digits(14),
  NL: () => pick(["ABNA", "RABO", "INGB", "SNSB", "TRIO", "ASNB"]) + digits(10),
  BE: () => { const b = digits(10); const m = Number(BigInt(b) % 97n); return b + String(m === 0 ? 97 : m).padStart(2, "0"); },
  FR: () => digits(10) + digits(11) + digits(2),
  ES: () => { const bank = digits(4), br = digits(4), acc = digits(10); return bank + br + esCcc("00" + bank + br) + esCcc(acc) + acc; },
  IT: () => letters(1) + digits(10) + digits(12), PT: () => "0" + digits(20),
  PL: () => digits(24), LU: () => digits(3) + digits(13),
};
const IBAN_OF_REGION = { US: ["DE", "GB", "FR"], GB: ["GB"], IE: ["IE"], AU: ["GB", "IE"], DE: ["DE"], AT: ["AT"], CH: ["CH"], FR: ["FR", "LU"], BE: ["BE"], ES: ["ES"], IT: ["IT"], NL: ["NL"], PT: ["PT"], BR: ["PT"], PL: ["PL"] };
function makeIban(region, broken) {
  const cc = pick(IBAN_OF_REGION[region]);
  const bban = BBAN[cc]();
  let ck = String(98 - mod97(alnumToDigits(bban + cc + "00"))).padStart(2, "0");
  if (broken) ck = String((+ck + ri(1, 90)) % 97 + 2).padStart(2, "0").slice(-2);
  const iban = cc + ck + bban;
  const f = ri(0, 5);
  if (f <= 1) return { value: iban, form: "compact" };
  if (f <= 4) return { value: groupBy(iban, Array(9).fill(4), " "), form: "groups of four" };
  return { value: groupBy(iban, Array(9).fill(4), " ").toLowerCase(), form: "groups of four, lower case" };
}

// ---------------------------------------------------------------- national identifiers
const ID_LOCALE = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl-NL", de_idnr: "de-DE", fr_nir: "fr-FR", es_dni: "es-ES", es_nie: "es-ES", it_cf: "it-IT" };
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const cfVal = (c) => (/[0-9]/.test(c) ? +c : c.charCodeAt(0) - 65);
function makeId(sub, broken) {
  if (sub === "us_ssn") {
    let area = ri(1, 899); if (area === 666) area = 667;
    let g = ri(1, 99), s = ri(1, 9999);
    if (broken) { const k = ri(0, 2); if (k === 0) area = pick([0, 666, ri(900, 999)]); else if (k === 1) g = 0; else s = 0; }
    const [A, G, S] = [String(area).padStart(3, "0"), String(g).padStart(2, "0"), String(s).padStart(4, "0")];
    const f = ri(0, 3);
    if (f <= 1) return { value: `${A}-${G}-${S}`, form: "dashes" };
    if (f === 2) return { value: `${A} ${G} ${S}`, form: "spaced" };
    return { value: A + G + S, form: "compact" };
  }
  if (sub === "uk_nino") {
    const first = "ABCEGHJKLMNOPRSTWXYZ", second = "ABCEGHJKLMNPRSTWXYZ";
    let pre; do { pre = pick(first) + pick(second); } while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(pre));
    let suf = pick("ABCD");
    if (broken) { if (chance(0.5)) pre = pick(["D", "F", "Q", "U", "V"]) + pick(second); else suf = pick("EFXZ"); }
    const d = digits(6);
    if (chance(0.5)) return { value: `${pre} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}`, form: "spaced pairs" };
    return { value: pre + d + suf, form: "compact" };
  }
  if (sub === "nl_bsn") {
    let b, s;
    do { b = String(ri(1, 9)) + digits(7); s = 0; for (let i = 0; i < 8; i++) s += (9 - i) * +b[i]; } while (s % 11 === 10);
    let c = String(s % 11); if (broken) c = bump(c);
    const v = b + c;
    if (chance(0.6)) return { value: v, form: "compact" };
    return { value: `${v.slice(0, 4)}.${v.slice(4, 6)}.${v.slice(6)}`, form: "dots" };
  }
  if (sub === "de_idnr") {
    const ds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].sort(() => rng() - 0.5).slice(0, 9);
    const arr = [...ds, ds[ri(0, 8)]].sort(() => rng() - 0.5);
    if (arr[0] === 0) { const j = arr.findIndex((x) => x !== 0); [arr[0], arr[j]] = [arr[j], arr[0]]; }
    const b = arr.join("");
    let p = 10; for (const ch of b) { let s = (+ch + p) % 10; if (s === 0) s = 10; p = (2 * s) % 11; }
    let c = String((11 - p) % 10); if (broken) c = bump(c);
    const v = b + c;
    const f = ri(0, 2);
    if (f === 0) return { value: v, form: "compact" };
    if (f === 1) return { value: `${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}`, form: "spaced 2-3-3-3" };
    return { value: `${v.slice(0, 2)}/${v.slice(2, 5)}/${v.slice(5, 8)}/${v.slice(8)}`, form: "slashed" };
  }
  if (sub === "fr_nir") {
    const body = String(ri(1, 2)) + String(ri(40, 99)).padStart(2, "0") + String(ri(1, 12)).padStart(2, "0") + String(ri(1, 95)).padStart(2, "0") + digits(3) + String(ri(1, 999)).padStart(3, "0");
    let k = 97 - Number(BigInt(body) % 97n); if (broken) k = (k + ri(1, 90)) % 97 + 1;
    const v = body + String(k).padStart(2, "0");
    if (chance(0.5)) return { value: v, form: "compact" };
    return { value: [v[0], v.slice(1, 3), v.slice(3, 5), v.slice(5, 7), v.slice(7, 10), v.slice(10, 13), v.slice(13)].join(" "), form: "spaced 1-2-2-2-3-3-2" };
  }
  if (sub === "es_dni") {
    const n = digits(8); let L = DNI_LETTERS[Number(n) % 23]; if (broken) L = pick(DNI_LETTERS.replace(L, ""));
    const f = ri(0, 2);
    if (f === 0) return { value: n + L, form: "compact" };
    if (f === 1) return { value: `${n}-${L}`, form: "dash before letter" };
    return { value: `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5)}-${L}`, form: "dots and dash" };
  }
  if (sub === "es_nie") {
    const x = ri(0, 2); const n = digits(7);
    let L = DNI_LETTERS[Number(String(x) + n) % 23]; if (broken) L = pick(DNI_LETTERS.replace(L, ""));
    const P = "XYZ"[x];
    if (chance(0.6)) return { value: P + n + L, form: "compact" };
    return { value: `${P}-${n}-${L}`, form: "dashes" };
  }
  if (sub === "it_cf") {
    const cons = "BCDFGHJKLMNPQRSTVZ";
    const female = chance(0.5);
    const day = ri(1, 28) + (female ? 40 : 0);
    const body = letters(0) + [0, 0, 0].map(() => pick(cons)).join("") + [0, 0, 0].map(() => pick(cons)).join("") + String(ri(40, 99)) + pick("ABCDEHLMPRST") + String(day).padStart(2, "0") + pick("ABCDEFGHLM") + String(ri(1, 999)).padStart(3, "0");
    let s = 0; for (let i = 0; i < 15; i++) s += i % 2 === 0 ? CF_ODD[cfVal(body[i])] : cfVal(body[i]);
    let c = String.fromCharCode(65 + (s % 26)); if (broken) c = pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ".replace(c, ""));
    const v = body + c;
    if (chance(0.85)) return { value: v, form: "compact" };
    return { value: v.toLowerCase(), form: "compact, lower case" };
  }
  throw new Error(sub);
}

// ---------------------------------------------------------------- phones (national plans)
const PLAN = {
  US: { cc: "1", idd: "011", nat: () => [pick(["212", "415", "617", "303", "512", "206", "312", "804", "971"]), String(ri(2, 9)) + digits(2), digits(4)], natFmt: (p) => pick([`(${p[0]}) ${p[1]}-${p[2]}`, `${p[0]}-${p[1]}-${p[2]}`, `${p[0]}.${p[1]}.${p[2]}`, `1-${p[0]}-${p[1]}-${p[2]}`]), trunk: "" },
  GB: { cc: "44", idd: "00", nat: () => (chance(0.6) ? ["07" + pick(["4", "5", "7", "8", "9"]) + digits(2), digits(6)] : pick([["020", String(ri(7, 8)) + digits(3), digits(4)], ["0161", digits(3), digits(4)], ["0131", digits(3), digits(4)]])), trunk: "0" },
  IE: { cc: "353", idd: "00", nat: () => (chance(0.6) ? ["08" + pick(["3", "5", "6", "7", "9"]), digits(3), digits(4)] : ["01", digits(3), digits(4)]), trunk: "0" },
  AU: { cc: "61", idd: "0011", nat: () => (chance(0.6) ? ["04" + digits(2), digits(3), digits(3)] : ["02", String(ri(8, 9)) + digits(3), digits(4)]), trunk: "0" },
  DE: { cc: "49", idd: "00", nat: () => (chance(0.6) ? [pick(["0151", "0152", "0160", "0170", "0171", "0172", "0176"]), digits(pick(["0151", "0152"]).length === 4 ? 8 : 7)] : pick([["030", digits(8)], ["089", digits(7)], ["040", digits(7)]])), trunk: "0" },
  AT: { cc: "43", idd: "00", nat: () => (chance(0.6) ? [pick(["0664", "0676", "0699", "0650"]), digits(7)] : ["01", digits(7)]), trunk: "0" },
  CH: { cc: "41", idd: "00", nat: () => [pick(["076", "078", "079", "044", "031"]), digits(3), digits(2), digits(2)], trunk: "0" },
  FR: { cc: "33", idd: "00", nat: () => [pick(["06", "07", "01", "04", "02"]), digits(2), digits(2), digits(2), digits(2)], trunk: "0" },
  BE: { cc: "32", idd: "00", nat: () => (chance(0.6) ? ["04" + String(ri(70, 99)), digits(2), digits(2), digits(2)] : ["02", digits(3), digits(2), digits(2)]), trunk: "0" },
  ES: { cc: "34", idd: "00", nat: () => [pick(["6", "7"]) + (chance(0.5) ? String(ri(10, 99)) : "1" + ri(0, 4)), digits(3), digits(3)].map((x, i) => (i === 0 ? x.slice(0, 3) : x)), trunk: "" },
  IT: { cc: "39", idd: "00", nat: () => (chance(0.6) ? ["3" + String(ri(20, 93)), digits(3), digits(4)] : ["06", digits(4), digits(4)]), trunk: "" },
  NL: { cc: "31", idd: "00", nat: () => (chance(0.6) ? ["06", String(ri(1, 5)) + digits(7)] : ["020", digits(3), digits(4)]), trunk: "0" },
  PT: { cc: "351", idd: "00", nat: () => [pick(["91", "92", "93", "96", "21", "22"]) + digits(1), digits(3), digits(3)], trunk: "" },
  BR: { cc: "55", idd: "00", nat: () => [pick(["11", "21", "31", "41", "51", "61"]), "9" + digits(4), digits(4)], natFmt: (p) => pick([`(${p[0]}) ${p[1]}-${p[2]}`, `${p[0]} ${p[1]}-${p[2]}`, `(0${p[0]}) ${p[1]}${p[2]}`]), trunk: "", area: true },
  PL: { cc: "48", idd: "00", nat: () => [pick(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + digits(1), digits(3), digits(3)], trunk: "" },
};
function makePhone(region, broken) {
  const P = PLAN[region];
  let parts = P.nat();
  if (broken) {
    const i = ri(0, parts.length - 1), last = parts.length - 1;
    if (chance(0.5)) parts[last] = parts[last].slice(0, -1); else parts[i] = parts[i] + digits(ri(1, 2));
  }
  const intl = (sep) => { const q = [...parts]; if (P.trunk && q[0].startsWith(P.trunk)) q[0] = q[0].slice(P.trunk.length); return q.join(sep); };
  const f = ri(0, 9);
  let value, form;
  if (f <= 2) { value = P.natFmt ? P.natFmt(parts) : parts.join(" "); form = "national, spaced"; }
  else if (f === 3) { value = parts.join(""); form = "national, compact"; }
  else if (f === 4) { value = parts.join(region === "US" ? "-" : pick(["-", ".", "/"])); form = "national, separators"; }
  else if (f <= 6) { value = `+${P.cc} ${intl(" ")}`; form = "international +, spaced"; }
  else if (f === 7) { value = `+${P.cc}${intl("")}`; form = "E.164"; }
  else if (f === 8 && region === "US") { value = `+1 (${parts[0]}) ${parts[1]}-${parts[2]}`; form = "international +, national grouping"; }
  else if (f === 8) { value = `${P.idd} ${P.cc} ${intl(" ")}`; form = `international ${P.idd} prefix`; }
  else { value = `+${P.cc} (0) ${intl(" ")}`; form = "international with (0)"; if (!P.trunk) { value = `+${P.cc}-${intl("-")}`; form = "international, dashes"; } }
  if (chance(0.08)) { const e = String(ri(2, 999)); const w = pick([` ext. ${e}`, ` x${e}`, ` ext ${e}`]); value += w; form += ", with extension"; }
  return { value, form };
}

// ---------------------------------------------------------------- templates (written blind)
// [lang, kind, names_value, text]; {v} is the value, {n} a person's name.
const TT = [
  // English
  ["en", "email", true, "Salon note: {n} wants the 9:15 colour appointment confirmed by email at {v}."],
  ["en", "email", true, "Karate dojo grading results go out Friday; {n} asked for them at the address {v}."],
  ["en", "email", true, "Email signature — {n} | Volunteer Coordinator, St Brigid's Hospice | email: {v}"],
  ["en", "email", false, "Game night tonight at mine, bring snacks. Can't make it? ping {v}"],
  ["en", "email", false, "name,role,contact\n{n},treasurer,{v}"],
  ["en", "phone", true, "Voicemail transcript: hi it's {n} from the ski school, call me back on {v} about the lessons."],
  ["en", "phone", true, "Parish newsletter: the flower rota is looking for help, ring {n} on {v}."],
  ["en", "phone", true, "Solar installer visit booked; the engineer's mobile is {v} if you're running late."],
  ["en", "phone", false, "Student union welfare officer: {n}, {v}, drop-in Tuesdays."],
  ["en", "phone", false, "{n} (landlord) — {v} — boiler keeps cutting out again"],
  ["en", "card", true, "Customs declaration: duty paid with card {v}, holder {n}."],
  ["en", "card", true, "Pharmacy delivery: please charge the repeat prescription to my Visa/Mastercard ending here: {v}"],
  ["en", "card", true, "For the dojo membership renewal use the credit card number {v}, expiry 09/28."],
  ["en", "card", false, "ok mum here it is {v} just don't tell dad"],
  ["en", "card", false, "payer,amount,ref\n{n},45.00,{v}"],
  ["en", "iban", true, "Hairdresser's deposit refund to {n}, IBAN {v}, reference BLONDE-DEPOSIT."],
  ["en", "iban", true, "Hospice raffle proceeds: transfer to account (IBAN) {v}."],
  ["en", "iban", true, "Please update the standing order for rent: new bank account IBAN: {v}"],
  ["en", "iban", false, "{n} says the money for the ski trip goes to {v} by the 12th."],
  ["en", "iban", false, "Game night kitty — {v} — £5 each please"],
  ["en", "national_id", true, "Student union hardship fund form: applicant {n}, national insurance / social security number {v}."],
  ["en", "national_id", true, "New starter at the solar firm, payroll needs his tax ID: {v}."],
  ["en", "national_id", true, "Hospice volunteer DBS check: {n}, identity number {v}."],
  ["en", "national_id", false, "{n} — {v} — cleared to work weekends."],
  ["en", "national_id", false, "sent you my {v} as asked, lmk if you need anything else"],
  // German
  ["de", "email", true, "Friseursalon: {n} möchte die Terminbestätigung per E-Mail an {v}."],
  ["de", "email", true, "Skischule Anmeldung – Kontakt-E-Mail der Eltern: {v}"],
  ["de", "email", true, "Gemeindebrief: Fragen zum Kirchenchor bitte an {n}, Mail {v}."],
  ["de", "email", false, "Spieleabend am Samstag, Zusagen bis Donnerstag an {v}!"],
  ["de", "email", false, "Name;Rolle;Kontakt\n{n};Kassenwart;{v}"],
  ["de", "phone", true, "Anrufbeantworter: Hallo, hier {n} von der Solarfirma, bitte zurückrufen unter {v}."],
  ["de", "phone", true, "Hospiz-Dienstplan: Vertretung am Sonntag – {n}, Handy {v}."],
  ["de", "phone", true, "Karateverein: Trainer {n} ist unter Telefon {v} erreichbar."],
  ["de", "phone", false, "Vermieter {n}: {v} – wegen der Heizung."],
  ["de", "phone", false, "Apothekenlieferung an {n}, bei Fragen {v}"],
  ["de", "card", true, "Zollanmeldung: Einfuhrabgaben bezahlt mit Kreditkarte {v}."],
  ["de", "card", true, "Für die Skipässe bitte meine Kartennummer {v} belasten, gültig bis 11/27."],
  ["de", "card", true, "Die Mastercard/Visa von {n} lautet {v}, Prüfziffer schicke ich getrennt."],
  ["de", "card", false, "hier nochmal für die Bestellung: {v}"],
  ["de", "card", false, "Zahler;Betrag;Referenz\n{n};89,00;{v}"],
  ["de", "iban", true, "Mietkaution bitte auf mein Konto, IBAN {v}, Kontoinhaber {n}."],
  ["de", "iban", true, "Gemeindebrief: Spenden für die Orgel an die Bankverbindung IBAN: {v}"],
  ["de", "iban", true, "Solaranlage Anzahlung – Überweisung an IBAN {v}, Verwendungszweck Angebot 1132."],
  ["de", "iban", false, "{n} sammelt für das Abschiedsgeschenk: {v}"],
  ["de", "iban", false, "Spieleabend-Kasse → {v} (je 4 €)"],
  ["de", "national_id", true, "Neue Aushilfe im Friseursalon, steuerliche Identifikationsnummer: {v}."],
  ["de", "national_id", true, "Personalbogen Hospiz: {n}, Steuer-ID {v}, Steuerklasse 1."],
  ["de", "national_id", true, "Für die Lohnabrechnung brauchen wir Ihre Ausweis- bzw. Identifikationsnummer: {v}"],
  ["de", "national_id", false, "{n} – {v} – ab 1. März angestellt"],
  ["de", "national_id", false, "hab dir die Nummer geschickt: {v}"],
  // French
  ["fr", "email", true, "Salon de coiffure : {n} souhaite recevoir le rappel par courriel à {v}."],
  ["fr", "email", true, "Bulletin paroissial — inscriptions à la chorale par e-mail : {v}"],
  ["fr", "email", true, "Dojo de karaté : envoyez les certificats médicaux à l'adresse {v}."],
  ["fr", "email", false, "Soirée jeux vendredi chez {n}, réponse à {v} svp"],
  ["fr", "email", false, "nom;fonction;contact\n{n};secrétaire;{v}"],
  ["fr", "phone", true, "Message vocal : bonjour, c'est {n} de l'école de ski, rappelez-moi au {v}."],
  ["fr", "phone", true, "Livraison pharmacie pour {n}, téléphone {v}, sonner deux fois."],
  ["fr", "phone", true, "Installateur photovoltaïque : le technicien vous joindra depuis le numéro {v}."],
  ["fr", "phone", false, "Propriétaire : {n} — {v} — pour la fuite sous l'évier"],
  ["fr", "phone", false, "Bénévoles du mardi : {n} {v}"],
  ["fr", "card", true, "Déclaration en douane : droits réglés par carte bancaire {v}."],
  ["fr", "card", true, "Pour l'abonnement au club, débitez ma carte n° {v}, expiration 03/29."],
  ["fr", "card", true, "{n} m'a donné le numéro de sa carte de crédit : {v}"],
  ["fr", "card", false, "voilà pour la réservation {v}"],
  ["fr", "card", false, "payeur;montant;réf\n{n};32,50;{v}"],
  ["fr", "iban", true, "Remboursement de la caution au locataire {n}, IBAN {v}."],
  ["fr", "iban", true, "Quête pour la paroisse : virement sur le compte IBAN : {v}"],
  ["fr", "iban", true, "Merci d'indiquer vos coordonnées bancaires (RIB/IBAN) : {v}"],
  ["fr", "iban", false, "Cagnotte pour le cadeau de {n} → {v}"],
  ["fr", "iban", false, "Cours de ski, solde à régler sur {v} avant le 15."],
  ["fr", "national_id", true, "Dossier bénévole : {n}, numéro de sécurité sociale {v}."],
  ["fr", "national_id", true, "Formulaire d'embauche, numéro d'identification / NIR : {v}"],
  ["fr", "national_id", true, "Pièce d'identité du nouveau membre du dojo, numéro : {v}"],
  ["fr", "national_id", false, "{n} — {v} — dossier complet"],
  ["fr", "national_id", false, "je t'envoie le mien : {v}"],
  // Spanish
  ["es", "email", true, "Peluquería: {n} quiere el recordatorio por correo electrónico a {v}."],
  ["es", "email", true, "Hoja parroquial: para el coro escribid al correo {v}."],
  ["es", "email", true, "Escuela de esquí, contacto por email de la familia: {v}"],
  ["es", "email", false, "Noche de juegos el sábado, confirmad en {v}"],
  ["es", "email", false, "nombre;cargo;contacto\n{n};tesorera;{v}"],
  ["es", "phone", true, "Buzón de voz: hola, soy {n} del dojo, llámame al {v}."],
  ["es", "phone", true, "Entrega de farmacia para {n}, teléfono de contacto {v}."],
  ["es", "phone", true, "Instalador de placas solares: el móvil del técnico es {v}."],
  ["es", "phone", false, "Casero {n}: {v} (lo de la caldera)"],
  ["es", "phone", false, "Voluntarios del hospicio, turno del lunes: {n} {v}"],
  ["es", "card", true, "Declaración de aduanas: aranceles pagados con la tarjeta {v}."],
  ["es", "card", true, "Para la cuota del club, cargad mi tarjeta de crédito número {v}."],
  ["es", "card", true, "La tarjeta Visa de {n} es {v}, caduca en 08/28."],
  ["es", "card", false, "te paso esto para lo del viaje: {v}"],
  ["es", "card", false, "pagador;importe;ref\n{n};60,00;{v}"],
  ["es", "iban", true, "Devolución de la fianza a {n}, cuenta IBAN {v}."],
  ["es", "iban", true, "Donativos para la parroquia: número de cuenta (IBAN) {v}"],
  ["es", "iban", true, "Domiciliación de la cuota del gimnasio, IBAN: {v}"],
  ["es", "iban", false, "Bote para el regalo de {n} → {v}"],
  ["es", "iban", false, "Curso de esquí, pagar en {v} antes del viernes."],
  ["es", "national_id", true, "Ficha de voluntario: {n}, DNI/NIE {v}."],
  ["es", "national_id", true, "Para el contrato de alquiler necesito tu documento de identidad: {v}"],
  ["es", "national_id", true, "Inscripción en el dojo, número de identificación fiscal {v}."],
  ["es", "national_id", false, "{n} — {v} — alta el lunes"],
  ["es", "national_id", false, "ahí va el mío: {v}"],
  // Italian
  ["it", "email", true, "Parrucchiere: {n} vuole la conferma via email a {v}."],
  ["it", "email", true, "Notiziario parrocchiale: iscrizioni al coro all'indirizzo e-mail {v}."],
  ["it", "email", true, "Scuola di sci, indirizzo di posta elettronica dei genitori: {v}"],
  ["it", "email", false, "Serata giochi sabato da {n}, rispondete a {v}"],
  ["it", "email", false, "nome;ruolo;contatto\n{n};cassiere;{v}"],
  ["it", "phone", true, "Segreteria telefonica: ciao, sono {n} del dojo, richiamami al {v}."],
  ["it", "phone", true, "Consegna farmacia per {n}, cellulare {v}, citofono rotto."],
  ["it", "phone", true, "Installatore fotovoltaico: il tecnico la chiamerà dal numero di telefono {v}."],
  ["it", "phone", false, "Padrone di casa {n}: {v} per la caldaia"],
  ["it", "phone", false, "Turno volontari hospice, domenica: {n} {v}"],
  ["it", "card", true, "Dichiarazione doganale: dazi pagati con carta di credito {v}."],
  ["it", "card", true, "Per l'iscrizione al corso addebitate la mia carta n. {v}, scadenza 05/28."],
  ["it", "card", true, "La Mastercard di {n} è {v}."],
  ["it", "card", false, "eccolo per la prenotazione: {v}"],
  ["it", "card", false, "pagante;importo;rif\n{n};25,00;{v}"],
  ["it", "iban", true, "Restituzione del deposito cauzionale a {n}, IBAN {v}."],
  ["it", "iban", true, "Offerte per la parrocchia sul conto corrente IBAN: {v}"],
  ["it", "iban", true, "Acconto impianto solare tramite bonifico all'IBAN {v}."],
  ["it", "iban", false, "Colletta per il regalo di {n} → {v}"],
  ["it", "iban", false, "Corso di sci, saldo su {v} entro il 10."],
  ["it", "national_id", true, "Modulo volontari: {n}, codice fiscale {v}."],
  ["it", "national_id", true, "Per il contratto d'affitto serve il tuo codice fiscale: {v}"],
  ["it", "national_id", true, "Iscrizione al dojo, numero identificativo {v}."],
  ["it", "national_id", false, "{n} — {v} — assunta da lunedì"],
  ["it", "national_id", false, "ti mando il mio: {v}"],
  // Dutch
  ["nl", "email", true, "Kapsalon: {n} wil de bevestiging per e-mail op {v}."],
  ["nl", "email", true, "Parochieblad: aanmelden voor het koor via het mailadres {v}."],
  ["nl", "email", true, "Skischool, e-mailadres van de ouders: {v}"],
  ["nl", "email", false, "Spelletjesavond zaterdag bij {n}, laat het weten via {v}"],
  ["nl", "email", false, "naam;rol;contact\n{n};penningmeester;{v}"],
  ["nl", "phone", true, "Voicemail: hoi, met {n} van de zonnepanelen, bel me terug op {v}."],
  ["nl", "phone", true, "Apotheekbezorging voor {n}, telefoonnummer {v}."],
  ["nl", "phone", true, "Karateschool: sensei {n} is bereikbaar op mobiel {v}."],
  ["nl", "phone", false, "Verhuurder {n}: {v} ivm de cv-ketel"],
  ["nl", "phone", false, "Hospice rooster zondag: {n} {v}"],
  ["nl", "card", true, "Douaneaangifte: invoerrechten betaald met creditcard {v}."],
  ["nl", "card", true, "Voor het lidmaatschap graag mijn kaartnummer {v} belasten."],
  ["nl", "card", true, "De creditcard van {n} is {v}, geldig tot 02/29."],
  ["nl", "card", false, "hier is ie voor de boeking {v}"],
  ["nl", "card", false, "betaler;bedrag;kenmerk\n{n};17,50;{v}"],
  ["nl", "iban", true, "Terugbetaling borg aan {n}, IBAN {v}."],
  ["nl", "iban", true, "Collecte voor de parochie: rekeningnummer (IBAN) {v}"],
  ["nl", "iban", true, "Aanbetaling zonnepanelen overmaken naar IBAN: {v}"],
  ["nl", "iban", false, "Pot voor het cadeau van {n} → {v}"],
  ["nl", "iban", false, "Skiles, restbedrag naar {v} voor vrijdag."],
  ["nl", "national_id", true, "Vrijwilligersformulier: {n}, burgerservicenummer {v}."],
  ["nl", "national_id", true, "Voor het huurcontract heb ik je BSN / identificatienummer nodig: {v}"],
  ["nl", "national_id", true, "Inschrijving dojo, fiscaal nummer {v}."],
  ["nl", "national_id", false, "{n} — {v} — start maandag"],
  ["nl", "national_id", false, "stuur je die van mij: {v}"],
  // Portuguese
  ["pt", "email", true, "Cabeleireiro: {n} quer a confirmação por e-mail para {v}."],
  ["pt", "email", true, "Boletim paroquial: inscrições no coro pelo endereço de email {v}."],
  ["pt", "email", true, "Escola de esqui, correio eletrónico dos pais: {v}"],
  ["pt", "email", false, "Noite de jogos sábado em casa de {n}, respondam para {v}"],
  ["pt", "email", false, "nome;cargo;contacto\n{n};tesoureiro;{v}"],
  ["pt", "phone", true, "Correio de voz: olá, é {n} do dojo, liga-me para o {v}."],
  ["pt", "phone", true, "Entrega da farmácia para {n}, telemóvel/celular {v}."],
  ["pt", "phone", true, "Instalador de painéis solares: o técnico vai ligar do número de telefone {v}."],
  ["pt", "phone", false, "Senhorio {n}: {v} por causa do esquentador"],
  ["pt", "phone", false, "Voluntários do hospital, turno de domingo: {n} {v}"],
  ["pt", "card", true, "Declaração aduaneira: direitos pagos com o cartão de crédito {v}."],
  ["pt", "card", true, "Para a quota do clube debitem o meu cartão n.º {v}, validade 07/28."],
  ["pt", "card", true, "O cartão Visa de {n} é {v}."],
  ["pt", "card", false, "aqui vai para a reserva: {v}"],
  ["pt", "card", false, "pagador;valor;ref\n{n};40,00;{v}"],
  ["pt", "iban", true, "Devolução da caução a {n}, IBAN {v}."],
  ["pt", "iban", true, "Donativos para a paróquia: conta bancária IBAN {v}"],
  ["pt", "iban", true, "Sinal dos painéis solares por transferência para o IBAN: {v}"],
  ["pt", "iban", false, "Vaquinha para o presente de {n} → {v}"],
  ["pt", "iban", false, "Aulas de esqui, pagar em {v} até sexta."],
  ["pt", "national_id", true, "Ficha de voluntário: {n}, número de identificação fiscal {v}."],
  ["pt", "national_id", true, "Para o contrato de arrendamento preciso do teu documento de identidade: {v}"],
  ["pt", "national_id", true, "Inscrição no dojo, número de segurança social {v}."],
  ["pt", "national_id", false, "{n} — {v} — começa segunda"],
  ["pt", "national_id", false, "mando-te o meu: {v}"],
  // Polish
  ["pl", "email", true, "Fryzjer: {n} prosi o potwierdzenie e-mailem na adres {v}."],
  ["pl", "email", true, "Biuletyn parafialny: zapisy do chóru przez e-mail {v}."],
  ["pl", "email", true, "Szkoła narciarska, adres e-mail rodziców: {v}"],
  ["pl", "email", false, "Wieczór gier w sobotę u {n}, dajcie znać na {v}"],
  ["pl", "email", false, "imię;funkcja;kontakt\n{n};skarbnik;{v}"],
  ["pl", "phone", true, "Poczta głosowa: cześć, tu {n} z dojo, oddzwoń pod numer {v}."],
  ["pl", "phone", true, "Dostawa z apteki dla {n}, numer telefonu {v}."],
  ["pl", "phone", true, "Instalator paneli słonecznych: technik zadzwoni z telefonu {v}."],
  ["pl", "phone", false, "Właściciel mieszkania {n}: {v} w sprawie pieca"],
  ["pl", "phone", false, "Grafik wolontariuszy hospicjum, niedziela: {n} {v}"],
  ["pl", "card", true, "Zgłoszenie celne: cło opłacone kartą kredytową {v}."],
  ["pl", "card", true, "Za karnet proszę obciążyć moją kartę nr {v}, ważna do 10/28."],
  ["pl", "card", true, "Numer karty płatniczej {n} to {v}."],
  ["pl", "card", false, "proszę, to do rezerwacji: {v}"],
  ["pl", "card", false, "płatnik;kwota;ref\n{n};120,00;{v}"],
  ["pl", "iban", true, "Zwrot kaucji dla {n}, IBAN {v}."],
  ["pl", "iban", true, "Ofiary na parafię: numer konta bankowego (IBAN) {v}"],
  ["pl", "iban", true, "Zaliczka za fotowoltaikę przelewem na rachunek IBAN: {v}"],
  ["pl", "iban", false, "Zrzutka na prezent dla {n} → {v}"],
  ["pl", "iban", false, "Lekcje nart, dopłata na {v} do piątku."],
  ["pl", "national_id", true, "Formularz wolontariusza: {n}, numer identyfikacyjny {v}."],
  ["pl", "national_id", true, "Do umowy najmu potrzebuję numeru twojego dokumentu tożsamości: {v}"],
  ["pl", "national_id", true, "Zapis do dojo, numer identyfikacji podatkowej {v}."],
  ["pl", "national_id", false, "{n} — {v} — zaczyna w poniedziałek"],
  ["pl", "national_id", false, "wysyłam ci swój: {v}"],
];
const templates = TT.map(([lang, kind, names_value, text]) => ({ lang, kind, names_value, text }));
const naming_nothing = templates.map((t, i) => (t.names_value ? -1 : i)).filter((i) => i >= 0);

// ---------------------------------------------------------------- PII entries
const PER_KIND = 400;
const BROKEN_RATE = 0.1;
const KINDS = ["email", "phone", "card", "iban", "national_id"];
const ID_SUBS = Object.keys(ID_LOCALE);
const byLangKind = {};
templates.forEach((t, i) => { (byLangKind[`${t.lang}/${t.kind}`] ||= []).push(i); });
const LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "pl"];

function generate(e) {
  const region = LOCALES[e.locale].region;
  if (e.kind === "email") return { sub: "email", ...makeEmail(LOCALES[e.locale].lang) };
  if (e.kind === "phone") return { sub: "phone", ...makePhone(region, e.broken) };
  if (e.kind === "card") return makeCard(e.broken);
  if (e.kind === "iban") return { sub: "iban", ...makeIban(region, e.broken) };
  return { sub: e.sub, ...makeId(e.sub, e.broken) };
}

function reference(rows) {
  const input = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const res = spawnSync(PYTHON, ["bench/pii_reference_checks.py"], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`reference checks failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}
const refRow = (e) => ({ kind: e.kind, sub: e.sub, value: e.value, region: LOCALES[e.locale].region });

const entries = [];
for (const kind of KINDS) {
  for (let i = 0; i < PER_KIND; i++) {
    const e = { kind, broken: kind !== "email" && chance(BROKEN_RATE) };
    if (kind === "national_id") { e.sub = pick(ID_SUBS); e.locale = ID_LOCALE[e.sub]; }
    else e.locale = pick(LOCALE_NAMES);
    const lang = kind === "national_id" && chance(0.3) ? pick(LANGS) : LOCALES[e.locale].lang;
    e.template = pick(byLangKind[`${lang}/${kind}`]);
    e.name = person(templates[e.template].lang);
    Object.assign(e, generate(e));
    entries.push(e);
  }
}
// Regenerate values whose reference label disagrees with the intent (plans are approximate);
// the label written is always the reference script's answer for the final value.
let answer = reference(entries.map(refRow));
for (let round = 0; round < 12; round++) {
  let redo = 0;
  entries.forEach((e, i) => {
    const want = e.kind === "email" ? null : !e.broken;
    if (answer.passes[i] !== want) { Object.assign(e, generate(e)); redo++; }
  });
  if (redo === 0) break;
  answer = reference(entries.map(refRow));
}
const pii = entries.map((e, i) => {
  const p = answer.passes[i];
  const text = templates[e.template].text.replace("{n}", e.name).replace("{v}", e.value);
  return { locale: e.locale, kind: e.kind, sub: e.sub, form: e.form, check: p === null ? "n/a" : p ? "valid" : "invalid", template: e.template, text, values: [e.value] };
});

// ---------------------------------------------------------------- benign (no PII), written blind
const pad = (n, w) => String(n).padStart(w, "0");
const dec = (a, b, k) => (a + rng() * (b - a)).toFixed(k);
function luhnish(prefix, len) { const b = prefix + digits(len - 1 - prefix.length); return b + luhnDigit(b); }
const FAMILIES = [
  ["ski_lift_pass", "de", () => `Skipass Nr. ${pad(ri(1, 99999), 6)}, Zone ${ri(1, 4)}, gültig ${ri(1, 14)}.${ri(1, 3)}.–${ri(15, 28)}.${ri(1, 3)}.2027, Lift ${ri(1, 42)} schließt um ${ri(15, 16)}:${pick(["00", "15", "30", "45"])} Uhr.`],
  ["karate_grading", "en", () => `Grading on ${ri(1, 28)}/${ri(1, 12)}: ${ri(3, 40)} candidates, ${ri(4, 9)}th kyu to ${pick(["1st", "2nd", "3rd"])} dan, kata scores ${dec(6, 9, 1)}, ${dec(6, 9, 1)} and ${dec(6, 9, 1)}.`],
  ["train_booking", "fr", () => `TGV INOUI n° ${ri(6000, 6999)}, voiture ${ri(1, 18)}, place ${ri(1, 120)}, départ ${ri(5, 22)}h${pad(ri(0, 59), 2)} quai ${ri(1, 24)}, dossier ${letters(6)}.`],
  ["lab_sample", "en", () => `Sample LS-${ri(2024, 2027)}-${pad(ri(1, 999999), 6)} centrifuged at ${ri(2, 6)}000 rpm for ${ri(5, 20)} min, pH ${dec(6.5, 7.9, 2)}, ${dec(0.1, 9.9, 2)} mg/L.`],
  ["solar_yield", "de", () => `Wechselrichter SN ${letters(2)}${digits(10)}: heute ${dec(3, 48, 1)} kWh, Spitze ${dec(1, 9.9, 2)} kW um ${ri(11, 14)}:${pad(ri(0, 59), 2)}, Gesamt ${ri(1000, 99999)} kWh.`],
  ["parish_hymns", "en", () => `Sunday ${ri(1, 28)} ${pick(["March", "April", "May", "October"])}: hymns ${ri(1, 700)}, ${ri(1, 700)}, ${ri(1, 700)}; Psalm ${ri(1, 150)}; collection raised £${ri(40, 900)}.${pad(ri(0, 99), 2)}.`],
  ["coordinates", "it", () => `Rifugio a quota ${ri(1200, 3400)} m, coordinate ${dec(45, 47, 5)} N, ${dec(6, 13, 5)} E, dislivello ${ri(300, 1500)} m, ${ri(2, 7)} ore di cammino.`],
  ["postal_codes", "nl", () => `Bezorgroute ${ri(1, 40)}: postcodes ${ri(1000, 9999)} ${letters(2)} tot ${ri(1000, 9999)} ${letters(2)}, ${ri(40, 300)} adressen, start ${ri(6, 9)}:${pick(["00", "30"])}.`],
  ["football_stats", "es", () => `Jornada ${ri(1, 38)}: ${ri(0, 5)}-${ri(0, 5)}, posesión ${ri(30, 70)}%, ${ri(3, 25)} tiros, ${ri(200, 700)} pases, asistencia ${ri(5000, 80000)} espectadores.`],
  ["serial_numbers", "en", () => `Returned unit model ${letters(2)}-${ri(100, 999)}${letters(1)}, serial ${letters(3)}${digits(9)}, firmware ${ri(1, 9)}.${ri(0, 20)}.${ri(0, 99)}, fault code E${ri(10, 99)}.`],
  ["imei_device", "en", () => `Lost-property log: phone handed in, device IMEI ${luhnish("35" + digits(6), 15)} (device identifier, not an account), colour ${pick(["black", "blue", "white"])}.`],
  ["lottery", "pt", () => `Sorteio n.º ${ri(1, 120)}/${ri(2025, 2027)}: números ${ri(1, 9)}, ${ri(10, 19)}, ${ri(20, 29)}, ${ri(30, 39)}, ${ri(40, 49)}, estrelas ${ri(1, 6)} e ${ri(7, 12)}; bilhete ${pad(ri(0, 99999999), 8)}.`],
  ["sort_code_only", "en", () => `Our branch sort code is ${ri(10, 99)}-${pad(ri(0, 99), 2)}-${pad(ri(0, 99), 2)}; the branch opens ${ri(8, 9)}:30 to ${ri(16, 17)}:00 and the ATM is on floor ${ri(0, 2)}.`],
  ["recipe", "fr", () => `Pour ${ri(4, 12)} personnes : ${ri(100, 750)} g de farine, ${ri(2, 6)} œufs, ${ri(10, 50)} cl de lait, cuisson ${ri(20, 55)} min à ${ri(160, 220)} °C.`],
  ["weather", "pl", () => `Pomiar ${ri(1, 28)}.${pad(ri(1, 12), 2)}.2026 godz. ${ri(0, 23)}:00: ${dec(-15, 30, 1)} °C, ciśnienie ${ri(980, 1040)} hPa, wiatr ${ri(0, 90)} km/h, opad ${dec(0, 40, 1)} mm.`],
  ["isbn_library", "de", () => `Bibliothek: ISBN 978-3-${ri(100, 999)}-${pad(ri(0, 99999), 5)}-${ri(0, 9)}, Signatur ${letters(2)} ${ri(100, 999)}.${ri(1, 99)}, Rückgabe bis ${ri(1, 28)}.${ri(1, 12)}.2027.`],
  ["parcel_tracking", "nl", () => `Pakket ${ri(3, 3)}S${letters(4)}${digits(9)} gesorteerd in depot ${ri(1, 40)}, gewicht ${dec(0.2, 30, 2)} kg, bezorgvenster ${ri(9, 17)}:00–${ri(18, 21)}:00.`],
  ["meter_reading", "it", () => `Lettura contatore gas matricola ${digits(8)}: ${ri(1000, 99999)} m³ al ${ri(1, 28)}/${ri(1, 12)}/2026, consumo medio ${dec(1, 9, 2)} m³/giorno.`],
  ["invoice_ref", "es", () => `Factura ${letters(1)}-${ri(2026, 2027)}/${pad(ri(1, 9999), 5)}, base ${ri(50, 5000)},${pad(ri(0, 99), 2)} €, IVA ${pick([4, 10, 21])} %, vencimiento a ${pick([30, 60, 90])} días.`],
  ["membership_no", "en", () => `Student union membership no. SU${ri(2024, 2027)}${pad(ri(0, 99999), 5)} — valid until 31/07/${ri(2026, 2029)}, ${ri(0, 12)} guest passes left.`],
  ["flight_info", "pt", () => `Voo TP ${ri(100, 1999)} de Lisboa, porta ${letters(1)}${ri(1, 50)}, embarque ${ri(5, 23)}:${pad(ri(0, 59), 2)}, lugar ${ri(1, 40)}${pick("ABCDEF")}, bagagem ${ri(8, 23)} kg.`],
  ["measurements", "de", () => `Aufmaß Dachfläche: ${dec(4, 14, 2)} m × ${dec(3, 9, 2)} m, Neigung ${ri(15, 45)}°, ${ri(8, 40)} Module à ${ri(380, 450)} Wp, Abstand ${ri(20, 60)} mm.`],
  ["timetable", "fr", () => `Dojo, horaires : lundi ${ri(17, 18)}h00–${ri(19, 20)}h30, mercredi ${ri(14, 16)}h00, samedi ${ri(9, 11)}h15 ; cotisation ${ri(90, 300)} € par an, ${ri(10, 40)} places.`],
  ["product_codes", "pl", () => `Kod produktu EAN ${luhnish("590", 13).slice(0, 12)}${ri(0, 9)}, partia ${letters(2)}${digits(5)}, data ważności ${ri(1, 28)}.${pad(ri(1, 12), 2)}.2027, cena ${ri(2, 99)},${pad(ri(0, 99), 2)} zł.`],
  ["sports_results", "nl", () => `Schaatsen ${ri(500, 10000)} m: ${ri(0, 14)}:${pad(ri(0, 59), 2)},${pad(ri(0, 99), 2)}, rondetijden ${ri(28, 33)},${ri(0, 9)} / ${ri(28, 33)},${ri(0, 9)}, plaats ${ri(1, 24)} van ${ri(24, 40)}.`],
  ["tax_rates", "it", () => `Aliquota IMU ${dec(0.4, 1.1, 2)}%, rendita catastale ${ri(300, 2000)},${pad(ri(0, 99), 2)} €, categoria A/${ri(1, 7)}, foglio ${ri(1, 90)} particella ${ri(1, 999)}.`],
  ["version_numbers", "en", () => `Release ${ri(1, 9)}.${ri(0, 30)}.${ri(0, 99)} (build ${ri(10000, 99999)}) fixes ${ri(2, 40)} issues; download size ${dec(10, 900, 1)} MB, checksum prefix ${digits(4)}${letters(4).toLowerCase()}.`],
  ["hospice_rota", "en", () => `Rota week ${ri(1, 52)}: shifts ${ri(7, 9)}:00–${ri(12, 14)}:00 and ${ri(14, 16)}:00–${ri(20, 22)}:00, room ${ri(1, 24)}, ${ri(2, 9)} volunteers, ${ri(10, 40)} visits logged.`],
  ["customs_tariff", "es", () => `Partida arancelaria ${ri(1000, 9999)}.${pad(ri(0, 99), 2)}.${pad(ri(0, 99), 2)}, ${ri(1, 500)} unidades, peso neto ${dec(1, 900, 1)} kg, valor ${ri(100, 20000)} USD, contenedor de ${pick([20, 40])} pies.`],
  ["salon_prices", "pt", () => `Tabela de preços: corte ${ri(8, 25)} €, madeixas ${ri(30, 90)} €, brushing ${ri(10, 20)} €, ${ri(5, 30)}% desconto às ${pick(["terças", "quartas"])}, senha n.º ${ri(1, 199)}.`],
];
const benign = [];
for (const [family, lang, fn] of FAMILIES) for (let i = 0; i < 30; i++) benign.push({ family, lang, text: fn() });

// ---------------------------------------------------------------- write
const out = {
  source: "sillyname", source_version: SILLY_VERSION, source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version, phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_eleventh.mjs", seed: SEED, locales: LOCALE_NAMES,
  templates, templates_naming_nothing: naming_nothing, pii, benign,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n");
const count = {};
for (const p of pii) count[`${p.kind}/${p.check}`] = (count[`${p.kind}/${p.check}`] || 0) + 1;
console.log(JSON.stringify(count), "benign", benign.length, "families", FAMILIES.length, "templates", templates.length, "naming nothing", naming_nothing.length);
