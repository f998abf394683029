// Sixth blind held-out PII corpus for bench/bench_pii_quality.py (--corpus sixth).
//
// Source: the npm package `casual` 1.6.2 (MIT licence, https://github.com/boo1ean/casual),
// which none of the five earlier corpora used; seeded with casual.seed(20261211). It gives the
// names, e-mail addresses and every random choice. What it lacks is built here from the public
// algorithms: phone numbers from each country's published numbering plan (mobile/geographic
// prefixes), card numbers from the issuers' prefix ranges + Luhn, IBANs from ISO 13616 mod-97
// (with the Belgian and Spanish national check digits), US SSN, UK NINO, Dutch BSN (11-test),
// German IdNr (ISO 7064 MOD 11,10), French NIR (97 - n mod 97), Spanish DNI/NIE (mod 23 letter),
// Italian codice fiscale (odd/even table check letter). About one value in ten has its check
// broken on purpose. Every "check" label is then set by the reference validators only
// (bench/pii_reference_checks.py: python-stdnum, phonenumbers, Luhn, HMRC's NINO shape), never by
// a phaseone detector. The templates and benign sentences were written from scratch, blind to the
// detectors, their word lists and the other corpora, in settings of their own (insurance claims, a
// bank chat bot, a pharmacy, a car rental desk, admissions, a gym, an outage line, a courier, a
// notary, public forms, a dating profile, a job application, a tenancy, a forum, an error log).
// The corpus was frozen (committed) before any detector ran on it.
//
// Run (from the repository root; same inputs -> same file byte for byte):
//   mkdir -p /tmp/casual && (cd /tmp/casual && npm init -y && npm i casual@1.6.2)
//   NODE_PATH=/tmp/casual/node_modules PYTHON=/work/main/.venv/bin/python \
//     node bench/make_pii_sixth.mjs [out.json]        # default bench/data/pii_sixth.json
// PYTHON must have python-stdnum and phonenumbers (the project's venv has both).
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
let casual;
try {
  casual = require("casual");
} catch {
  console.error("make_pii_sixth: the npm package casual is missing. Fix: install casual@1.6.2 " +
    "into a directory and set NODE_PATH to its node_modules (see the header of this file).");
  process.exit(2);
}
const VERSION = "1.6.2";
const SEED = 20261211;
const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = process.argv[2] ?? join(HERE, "data", "pii_sixth.json");
casual.seed(SEED);

const int = (a, b) => casual.integer(a, b);
const pick = (xs) => xs[int(0, xs.length - 1)];
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join("");
const chance = (p) => casual.random < p;
const BROKEN = 0.1;

// ---------------------------------------------------------------- check-digit algorithms
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const bump = (d) => String((Number(d) + int(1, 9)) % 10);
function mod97(s) {
  let r = 0;
  for (const ch of s) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) r = (r * 10 + Number(d)) % 97;
  }
  return r;
}
function ibanOf(cc, bban) {
  const ck = 98 - mod97(bban + cc + "00");
  return cc + String(ck).padStart(2, "0") + bban;
}
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const up = (n) => Array.from({ length: n }, () => LETTERS[int(0, 25)]).join("");

function esCcc(bank, branch, acct) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const d = (s) => { let t = 0; for (let i = 0; i < s.length; i++) t += Number(s[i]) * w[i]; const r = 11 - (t % 11); return r === 11 ? 0 : r === 10 ? 1 : r; };
  return String(d("00" + bank + branch)) + String(d(acct));
}
const BBAN = {
  DE: () => digits(8).replace(/^0/, "5") + digits(10),
  AT: () => "1" + digits(4) + digits(11),
  CH: () => "00" + digits(3) + up(0) + digits(12),
  FR: () => { const b = "30" + digits(3), g = digits(5), a = digits(11); const n = BigInt(b + g + a + "00"); const k = 97n - (n % 97n); return b + g + a + String(k).padStart(2, "0"); },
  BE: () => { const t = "0" + digits(2) + digits(7); let k = Number(BigInt(t) % 97n); if (k === 0) k = 97; return t + String(k).padStart(2, "0"); },
  ES: () => { const b = pick(["2100", "0049", "0182", "2085", "0081"]), o = digits(4), a = digits(10); return b + o + esCcc(b, o, a) + a; },
  IT: () => pick(LETTERS.split("")) + pick(["03069", "02008", "05034", "03062"]) + digits(5) + digits(12),
  NL: () => pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + digits(10),
  PT: () => pick(["0033", "0035", "0007", "0010"]) + digits(4) + digits(13),
  PL: () => digits(24),
  GB: () => pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8),
  IE: () => pick(["AIBK", "BOFI", "IPBS"]) + digits(6) + digits(8),
};

function ssn() {
  let a; do { a = int(1, 899); } while (a === 666);
  return [String(a).padStart(3, "0"), String(int(1, 99)).padStart(2, "0"), String(int(1, 9999)).padStart(4, "0")];
}
function nino() {
  const f = "ABCEGHJKLMNOPRSTWXYZ", s = "ABCEGHJKLMNPRSTWXYZ";
  let p; do { p = pick(f.split("")) + pick(s.split("")); } while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(p));
  return [p, digits(2), digits(2), digits(2), pick(["A", "B", "C", "D"])];
}
function bsn() {
  for (;;) {
    const b = String(int(1, 9)) + digits(7);
    let t = 0; for (let i = 0; i < 8; i++) t += Number(b[i]) * (9 - i);
    const r = t % 11; if (r < 10) return b + String(r);
  }
}
function idnr() {
  const pool = "0123456789".split("");
  for (let i = pool.length - 1; i > 0; i--) { const j = int(0, i); [pool[i], pool[j]] = [pool[j], pool[i]]; }
  const base = pool.slice(0, 9); base.push(base[int(0, 8)]);
  for (let i = base.length - 1; i > 0; i--) { const j = int(0, i); [base[i], base[j]] = [base[j], base[i]]; }
  if (base[0] === "0") { const k = base.findIndex((d) => d !== "0"); [base[0], base[k]] = [base[k], base[0]]; }
  let p = 10;
  for (const d of base) { let s = (Number(d) + p) % 10; if (s === 0) s = 10; p = (s * 2) % 11; }
  const c = (11 - p) % 10;
  return base.join("") + String(c);
}
function nir() {
  const body = pick(["1", "2"]) + String(int(40, 99)) + String(int(1, 12)).padStart(2, "0") + String(int(1, 95)).padStart(2, "0").replace("20", "21") + digits(3) + String(int(1, 999)).padStart(3, "0");
  const k = 97 - Number(BigInt(body) % 97n);
  return body + String(k).padStart(2, "0");
}
const DNI = "TRWAGMYFPDXBNJZSQVHLCKE";
function dni() { const n = String(int(1000000, 99999999)).padStart(8, "0"); return [n, DNI[Number(n) % 23]]; }
function nie() { const p = pick(["X", "Y", "Z"]), n = digits(7); return [p + n, DNI[Number(String("XYZ".indexOf(p)) + n) % 23]]; }
const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function cfCheck(s) {
  let t = 0;
  for (let i = 0; i < 15; i++) {
    const ch = s[i], v = /[0-9]/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    t += i % 2 === 0 ? CF_ODD[v] : v;
  }
  return LETTERS[t % 26];
}
function cf() {
  const cons = "BCDFGHLMNPRSTVZ";
  const three = () => Array.from({ length: 3 }, () => pick(cons.split(""))).join("");
  const day = int(1, 28) + (chance(0.5) ? 40 : 0);
  const s = three() + three() + String(int(50, 99)) + pick("ABCDEHLMPRST".split("")) + String(day).padStart(2, "0") + pick(["H501", "F205", "F839", "L219", "G273", "D612", "A944"]);
  return s + cfCheck(s);
}

// ---------------------------------------------------------------- phones (national plans)
// Each returns [national as people print it, E.164]. Some lengths come out wrong on purpose
// (one in ten), and phonenumbers, not this code, decides the label.
const PHONE = {
  "en-US": () => { const a = pick(["212", "415", "312", "617", "206", "303", "512", "305", "404", "702"]); const x = String(int(2, 9)) + digits(2), l = digits(4); return [`(${a}) ${x}-${l}`, `+1${a}${x}${l}`]; },
  "en-GB": () => { const m = "7" + pick(["7", "8", "9", "4"]) + digits(2), r = digits(6); return [`0${m} ${r}`, `+44${m}${r}`]; },
  "en-IE": () => { const m = "8" + pick(["3", "5", "6", "7", "9"]), r = digits(7); return [`0${m} ${r.slice(0, 3)} ${r.slice(3)}`, `+353${m}${r}`]; },
  de: () => { const m = pick(["151", "160", "170", "171", "176", "179", "152"]), r = digits(m === "160" ? 7 : 8); return [`0${m} ${r}`, `+49${m}${r}`]; },
  "de-AT": () => { const m = pick(["664", "676", "650", "699"]), r = digits(7); return [`0${m} ${r}`, `+43${m}${r}`]; },
  "de-CH": () => { const m = pick(["79", "78", "76", "77"]), r = digits(7); return [`0${m} ${r.slice(0, 3)} ${r.slice(3, 5)} ${r.slice(5)}`, `+41${m}${r}`]; },
  fr: () => { const m = pick(["6", "7"]) + digits(8); return [`0${m.slice(0, 1)} ${m.slice(1, 3)} ${m.slice(3, 5)} ${m.slice(5, 7)} ${m.slice(7)}`, `+33${m}`]; },
  "fr-BE": () => { const m = "4" + pick(["7", "8", "9"]) + digits(7); return [`0${m.slice(0, 3)} ${m.slice(3, 5)} ${m.slice(5, 7)} ${m.slice(7)}`, `+32${m}`]; },
  es: () => { const m = pick(["6", "7"]) + digits(8); return [`${m.slice(0, 3)} ${m.slice(3, 6)} ${m.slice(6)}`, `+34${m}`]; },
  it: () => { const m = "3" + String(int(20, 49)) + digits(7); return [`${m.slice(0, 3)} ${m.slice(3, 6)} ${m.slice(6)}`, `+39${m}`]; },
  nl: () => { const m = "6" + digits(8); return [`06-${m.slice(1)}`, `+31${m}`]; },
  "nl-BE": () => { const m = "4" + pick(["7", "8", "9"]) + digits(7); return [`0${m.slice(0, 3)}/${m.slice(3, 5)}.${m.slice(5, 7)}.${m.slice(7)}`, `+32${m}`]; },
  "pt-PT": () => { const m = "9" + pick(["1", "2", "3", "6"]) + digits(7); return [`${m.slice(0, 3)} ${m.slice(3, 6)} ${m.slice(6)}`, `+351${m}`]; },
  pl: () => { const m = pick(["50", "51", "53", "60", "66", "69", "72", "78", "79", "88"]) + digits(7); return [`${m.slice(0, 3)} ${m.slice(3, 6)} ${m.slice(6)}`, `+48${m}`]; },
};
const REGION = { "en-US": "US", "en-GB": "GB", "en-IE": "IE", de: "DE", "de-AT": "AT", "de-CH": "CH", fr: "FR", "fr-BE": "BE", es: "ES", it: "IT", nl: "NL", "nl-BE": "BE", "pt-PT": "PT", pl: "PL" };
const LANG = (loc) => loc.slice(0, 2);
const LOCALES = Object.keys(REGION);
const EXT = { en: "ext.", de: "Durchwahl", fr: "poste", es: "ext.", it: "int.", nl: "toestel", pt: "ext.", pl: "wew." };
const IBAN_CC = { "en-GB": "GB", "en-IE": "IE", de: "DE", "de-AT": "AT", "de-CH": "CH", fr: "FR", "fr-BE": "BE", es: "ES", it: "IT", nl: "NL", "nl-BE": "BE", "pt-PT": "PT", pl: "PL" };
const MAILHOST = { en: ["gmail.com", "outlook.com", "btinternet.com", "eircom.net", "yahoo.com"], de: ["web.de", "gmx.de", "gmx.at", "bluewin.ch", "t-online.de"], fr: ["orange.fr", "free.fr", "laposte.net", "skynet.be"], es: ["telefonica.net", "gmail.com", "hotmail.es"], it: ["libero.it", "virgilio.it", "tiscali.it"], nl: ["ziggo.nl", "kpnmail.nl", "telenet.be", "hotmail.nl"], pt: ["sapo.pt", "gmail.com", "netcabo.pt"], pl: ["wp.pl", "onet.pl", "o2.pl", "interia.pl"] };
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");

// ---------------------------------------------------------------- templates (written blind)
// [names the value?, text]; {v} = the value, {p} = a person's name, {id} = the id's own name.
const N = true, Q = false;
const TPL = {
  en: {
    email: [[N, "Claim 4471: the adjuster will send the loss report to the e-mail address {v} by Friday."], [N, "Gym front desk: membership card reissued, receipt emailed to {v}."], [N, "Forum signature — questions about the mod? Mail me at {v}"], [Q, "Tenant: {p}, {v}, moving in on the 1st."], [Q, "ERROR smtp relay refused recipient <{v}> after 3 retries"]],
    phone: [[N, "Outage line: leave your phone number, e.g. {v}, and we'll text when power is back."], [N, "Car rental desk — customer {p}, mobile {v}, returning the car at the airport."], [N, "Pharmacy note: call the patient on {v} when the prescription is ready."], [Q, "Courier says: ring {v} if nobody answers the door."], [Q, "{p} ({v}) — available for the interview any morning next week."]],
    card: [[N, "Bank bot: I see a charge on your card {v}; was that you?"], [N, "Car rental deposit held on credit card {v} until the vehicle is checked in."], [N, "The gym billed my Visa/Mastercard {v} twice this month, please refund one."], [Q, "Pay with {v}, expiry 09/29, and put it on my account."], [Q, "payment_failed amount=49.90 pan={v} reason=insufficient_funds"]],
    iban: [[N, "Insurance claim payout goes to IBAN {v} in the policyholder's name."], [N, "Tenancy: rent is due on the 3rd into the landlord's account {v}."], [N, "Bank bot: please confirm the IBAN you want to add as payee: {v}"], [Q, "Refund the deposit to {v}, ref. ROOM 12, thanks."], [Q, "{p} — {v} — monthly standing order from June."]],
    national_id: [[N, "Admissions form: please enter your {id} ({v}) exactly as on your documents."], [N, "Job application for {p}: {id} {v}, right to work confirmed."], [N, "Notary file: the buyer's {id} is {v}."], [Q, "Applicant {p}, {v}, signed on 12 March."], [Q, "I forgot my login but I can give you {v} if that helps."]],
  },
  de: {
    email: [[N, "Schadenmeldung: Das Gutachten geht per E-Mail an {v}."], [N, "Fitnessstudio: Die Kündigungsbestätigung schicken wir an Ihre Mailadresse {v}."], [N, "Bewerbung als Mechatroniker, Kontakt bitte über {v} (E-Mail)."], [Q, "Mieterin {p}, {v}, Einzug am 1. April."], [Q, "WARN mailer: Zustellung an {v} fehlgeschlagen, 5 Versuche"]],
    phone: [[N, "Störungshotline: Hinterlassen Sie Ihre Telefonnummer {v}, wir rufen zurück."], [N, "Autovermietung, Kundin {p}, Handy {v}, Rückgabe am Flughafen."], [N, "Apotheke: Bitte Frau {p} unter Tel. {v} anrufen, das Medikament ist da."], [Q, "Paketbote: Bei Nichtantreffen bitte {v} klingeln lassen."], [Q, "{p}, {v}, sucht ein WG-Zimmer ab Mai."]],
    card: [[N, "Chatbot der Bank: Die Kreditkarte {v} wurde vorsorglich gesperrt."], [N, "Kaution für den Mietwagen auf Karte {v} geblockt."], [N, "Im Studio wurde meine Kreditkartennummer {v} doppelt belastet."], [Q, "Bezahlt mit {v}, gültig bis 11/28."], [Q, "zahlung abgelehnt: {v} betrag 120,00 EUR"]],
    iban: [[N, "Die Versicherung überweist die Entschädigung auf IBAN {v}."], [N, "Mietvertrag: Die Miete ist bis zum 3. auf das Konto {v} zu zahlen."], [N, "Bank-Chatbot: Bitte bestätigen Sie die neue IBAN {v}."], [Q, "Kaution bitte zurück auf {v}, danke!"], [Q, "{p} / {v} / Dauerauftrag ab Juli"]],
    national_id: [[N, "Antrag beim Bürgeramt: {id} {v} bitte eintragen."], [N, "Bewerbungsunterlagen von {p}, {id}: {v}."], [N, "Notariat: Die {id} des Käufers lautet {v}."], [Q, "Bewerber {p}, {v}, unterschrieben am 4. Mai."], [Q, "Ich habe nur noch {v} im Kopf, hilft das?"]],
  },
  fr: {
    email: [[N, "Déclaration de sinistre : le rapport d'expertise sera envoyé par courriel à {v}."], [N, "Salle de sport : la confirmation de résiliation part à votre adresse e-mail {v}."], [N, "Candidature pour le poste de comptable, mon mail : {v}."], [Q, "Locataire {p}, {v}, entrée dans les lieux le 1er juillet."], [Q, "ERREUR envoi refusé pour {v} (550)"]],
    phone: [[N, "Ligne panne : laissez votre numéro de téléphone {v}, on vous rappelle."], [N, "Agence de location, client {p}, portable {v}, retour à la gare."], [N, "Pharmacie : prévenir M. {p} au tél. {v} quand le traitement arrive."], [Q, "Le livreur : sonnez au {v} si personne ne répond."], [Q, "{p} ({v}) cherche une colocation à Lyon."]],
    card: [[N, "Assistant de la banque : votre carte bancaire {v} a été bloquée par précaution."], [N, "Caution de la voiture prélevée sur la carte {v}."], [N, "La salle a débité deux fois ma carte de crédit {v}."], [Q, "Réglé avec {v}, expire 03/27."], [Q, "paiement refusé {v} montant 89,00 EUR"]],
    iban: [[N, "L'assureur versera l'indemnité sur l'IBAN {v}."], [N, "Bail : le loyer est à virer avant le 5 sur le compte {v}."], [N, "Assistant de la banque : confirmez-vous l'IBAN du bénéficiaire {v} ?"], [Q, "Merci de rendre la caution sur {v}."], [Q, "{p} — {v} — virement permanent dès mars"]],
    national_id: [[N, "Formulaire de la mairie : indiquez votre {id} {v}."], [N, "Dossier de candidature de {p}, {id} : {v}."], [N, "Étude notariale : le {id} de l'acquéreur est {v}."], [Q, "Candidat {p}, {v}, signé le 8 juin."], [Q, "Je n'ai que {v} sous la main, ça suffit ?"]],
  },
  es: {
    email: [[N, "Parte del siniestro: el informe del perito se enviará al correo {v}."], [N, "Gimnasio: la baja se confirma por email a {v}."], [N, "Candidatura a mozo de almacén, correo electrónico: {v}."], [Q, "Inquilina {p}, {v}, entrada el 1 de septiembre."], [Q, "ERROR no se pudo entregar a {v} tras 4 intentos"]],
    phone: [[N, "Línea de averías: deje su teléfono {v} y le llamamos."], [N, "Alquiler de coches, cliente {p}, móvil {v}, devolución en Barajas."], [N, "Farmacia: avisar a {p} al tlf. {v} cuando llegue el pedido."], [Q, "El repartidor: llame al {v} si no hay nadie."], [Q, "{p} ({v}) busca piso compartido en Valencia."]],
    card: [[N, "Asistente del banco: su tarjeta {v} ha sido bloqueada por seguridad."], [N, "Fianza del coche retenida en la tarjeta de crédito {v}."], [N, "El gimnasio me cobró dos veces en la tarjeta {v}."], [Q, "Pagado con {v}, caduca 05/28."], [Q, "pago rechazado {v} importe 35,00 EUR"]],
    iban: [[N, "La aseguradora abonará la indemnización en el IBAN {v}."], [N, "Contrato de alquiler: la renta se ingresa antes del día 5 en la cuenta {v}."], [N, "Asistente del banco: confirme el IBAN del beneficiario {v}."], [Q, "Devolvedme la fianza a {v}, gracias."], [Q, "{p} — {v} — transferencia periódica desde abril"]],
    national_id: [[N, "Impreso del ayuntamiento: escriba su {id} {v}."], [N, "Solicitud de empleo de {p}, {id}: {v}."], [N, "Notaría: el {id} del comprador es {v}."], [Q, "Solicitante {p}, {v}, firmado el 2 de mayo."], [Q, "Solo me acuerdo de {v}, ¿vale con eso?"]],
  },
  it: {
    email: [[N, "Denuncia di sinistro: la perizia verrà inviata via email a {v}."], [N, "Palestra: la disdetta è confermata all'indirizzo e-mail {v}."], [N, "Candidatura come cuoco, posta elettronica: {v}."], [Q, "Inquilino {p}, {v}, ingresso il 1° ottobre."], [Q, "ERRORE consegna fallita verso {v} dopo 3 tentativi"]],
    phone: [[N, "Segnalazione guasti: lasci il suo numero di telefono {v}, la richiamiamo."], [N, "Autonoleggio, cliente {p}, cellulare {v}, riconsegna in stazione."], [N, "Farmacia: avvisare {p} al tel. {v} quando arriva il farmaco."], [Q, "Il corriere: chiami il {v} se non risponde nessuno."], [Q, "{p} ({v}) cerca una stanza a Bologna."]],
    card: [[N, "Assistente della banca: la sua carta {v} è stata bloccata per sicurezza."], [N, "Deposito dell'auto trattenuto sulla carta di credito {v}."], [N, "La palestra ha addebitato due volte la mia carta {v}."], [Q, "Pagato con {v}, scadenza 07/29."], [Q, "pagamento rifiutato {v} importo 60,00 EUR"]],
    iban: [[N, "L'assicurazione accrediterà il rimborso sull'IBAN {v}."], [N, "Contratto di locazione: il canone va versato entro il 5 sul conto {v}."], [N, "Assistente della banca: confermi l'IBAN del beneficiario {v}."], [Q, "Restituite la caparra su {v}, grazie."], [Q, "{p} — {v} — bonifico ricorrente da maggio"]],
    national_id: [[N, "Modulo del comune: indicare il {id} {v}."], [N, "Domanda di assunzione di {p}, {id}: {v}."], [N, "Studio notarile: il {id} dell'acquirente è {v}."], [Q, "Richiedente {p}, {v}, firmato il 9 aprile."], [Q, "Ho solo {v} sotto mano, basta?"]],
  },
  nl: {
    email: [[N, "Schademelding: het expertiserapport gaat per e-mail naar {v}."], [N, "Sportschool: de opzegging bevestigen we op je mailadres {v}."], [N, "Sollicitatie als magazijnmedewerker, mail: {v}."], [Q, "Huurder {p}, {v}, ingang 1 november."], [Q, "FOUT bezorging aan {v} mislukt na 3 pogingen"]],
    phone: [[N, "Storingslijn: laat je telefoonnummer {v} achter, we bellen terug."], [N, "Autoverhuur, klant {p}, mobiel {v}, inleveren op Schiphol."], [N, "Apotheek: {p} bellen op tel. {v} zodra het medicijn binnen is."], [Q, "Koerier: bel {v} als er niemand opendoet."], [Q, "{p} ({v}) zoekt een kamer in Utrecht."]],
    card: [[N, "Chatbot van de bank: je creditcard {v} is uit voorzorg geblokkeerd."], [N, "Borg voor de huurauto gereserveerd op kaart {v}."], [N, "De sportschool heeft mijn creditcardnummer {v} twee keer belast."], [Q, "Betaald met {v}, geldig tot 02/28."], [Q, "betaling geweigerd {v} bedrag 75,00 EUR"]],
    iban: [[N, "De verzekeraar maakt de uitkering over op IBAN {v}."], [N, "Huurcontract: de huur vóór de 1e overmaken op rekening {v}."], [N, "Bankchatbot: bevestig het IBAN van de begunstigde {v}."], [Q, "Borg graag terug op {v}, bedankt."], [Q, "{p} — {v} — periodieke overboeking vanaf juni"]],
    national_id: [[N, "Formulier van de gemeente: vul je {id} {v} in."], [N, "Sollicitatie van {p}, {id}: {v}."], [N, "Notaris: het {id} van de koper is {v}."], [Q, "Aanvrager {p}, {v}, getekend op 3 maart."], [Q, "Ik heb alleen {v} bij de hand, is dat genoeg?"]],
  },
  pt: {
    email: [[N, "Participação de sinistro: o relatório do perito segue por email para {v}."], [N, "Ginásio: o cancelamento é confirmado para o endereço de e-mail {v}."], [N, "Candidatura a rececionista, correio eletrónico: {v}."], [Q, "Inquilina {p}, {v}, entrada a 1 de agosto."], [Q, "ERRO entrega falhou para {v} após 3 tentativas"]],
    phone: [[N, "Linha de avarias: deixe o seu número de telefone {v} e ligamos de volta."], [N, "Rent-a-car, cliente {p}, telemóvel {v}, entrega no aeroporto."], [N, "Farmácia: ligar à D. {p} para o tel. {v} quando chegar o medicamento."], [Q, "O estafeta: ligue para {v} se ninguém abrir."], [Q, "{p} ({v}) procura quarto em Coimbra."]],
    card: [[N, "Assistente do banco: o seu cartão {v} foi bloqueado por precaução."], [N, "Caução do carro cativada no cartão de crédito {v}."], [N, "O ginásio cobrou duas vezes o meu cartão {v}."], [Q, "Pago com {v}, validade 10/27."], [Q, "pagamento recusado {v} valor 42,00 EUR"]],
    iban: [[N, "A seguradora transfere a indemnização para o IBAN {v}."], [N, "Contrato de arrendamento: a renda é paga até dia 8 na conta {v}."], [N, "Assistente do banco: confirme o IBAN do destinatário {v}."], [Q, "Devolvam a caução para {v}, obrigado."], [Q, "{p} — {v} — transferência mensal a partir de março"]],
  },
  pl: {
    email: [[N, "Zgłoszenie szkody: opinię rzeczoznawcy wyślemy e-mailem na {v}."], [N, "Siłownia: potwierdzenie rezygnacji przyjdzie na adres e-mail {v}."], [N, "Aplikacja na stanowisko magazyniera, mail: {v}."], [Q, "Najemca {p}, {v}, od 1 grudnia."], [Q, "BŁĄD doręczenie do {v} nieudane po 3 próbach"]],
    phone: [[N, "Linia awarii: zostaw numer telefonu {v}, oddzwonimy."], [N, "Wypożyczalnia aut, klient {p}, komórka {v}, zwrot na lotnisku."], [N, "Apteka: zadzwonić do {p} pod nr tel. {v}, gdy lek dotrze."], [Q, "Kurier: proszę dzwonić na {v}, jeśli nikt nie otworzy."], [Q, "{p} ({v}) szuka pokoju w Krakowie."]],
    card: [[N, "Asystent banku: Twoja karta {v} została zablokowana."], [N, "Kaucja za auto zablokowana na karcie kredytowej {v}."], [N, "Siłownia obciążyła dwa razy moją kartę {v}."], [Q, "Zapłacone {v}, ważna do 06/28."], [Q, "płatność odrzucona {v} kwota 99,00 PLN"]],
    iban: [[N, "Ubezpieczyciel przeleje odszkodowanie na IBAN {v}."], [N, "Umowa najmu: czynsz płatny do 10. na rachunek {v}."], [N, "Asystent banku: potwierdź numer konta odbiorcy {v}."], [Q, "Kaucję proszę zwrócić na {v}, dzięki."], [Q, "{p} — {v} — zlecenie stałe od maja"]],
  },
};
const ID_NAME = {
  us_ssn: "Social Security number", uk_nino: "National Insurance number", de_idnr: "Steuer-ID",
  fr_nir: "numéro de sécurité sociale", es_dni: "DNI", es_nie: "NIE", it_cf: "codice fiscale", nl_bsn: "BSN",
};
const ID_LOCALE = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl", de_idnr: "de", fr_nir: "fr", es_dni: "es", es_nie: "es", it_cf: "it" };
// One global, numbered list: a record's "template" is its index here.
const TEMPLATES = [];
const TPL_INDEX = {};
for (const [lang, kinds] of Object.entries(TPL)) {
  for (const [kind, list] of Object.entries(kinds)) {
    TPL_INDEX[`${lang}/${kind}`] = list.map(([names, text]) => TEMPLATES.push({ lang, kind, names, text }) - 1);
  }
}

// ---------------------------------------------------------------- values and their forms
const groups = (s, sizes, sep) => { const out = []; let i = 0; for (const n of sizes) { out.push(s.slice(i, i + n)); i += n; } if (i < s.length) out.push(s.slice(i)); return out.join(sep); };
const by4 = (s, sep) => s.match(/.{1,4}/g).join(sep);
const breakLast = (s) => s.slice(0, -1) + bump(s.slice(-1));

function email(loc) {
  if (chance(0.4)) return [casual.email.toLowerCase(), "as generated"];
  const f = fold(casual.first_name), l = fold(casual.last_name), h = pick(MAILHOST[LANG(loc)]);
  const form = pick(["first.last", "f.last", "first_last+tag", "lastNN"]);
  const local = form === "first.last" ? `${f}.${l}` : form === "f.last" ? `${f[0]}.${l}` : form === "first_last+tag" ? `${f}_${l}+${pick(["shop", "news", "rent"])}` : `${l}${int(10, 99)}`;
  return [`${local}@${h}`, form];
}
function phone(loc) {
  let [nat, e164] = PHONE[loc]();
  if (chance(BROKEN)) { nat = nat.slice(0, -1); e164 = e164.slice(0, -1); }
  const form = pick(["as generated", "E.164", "digits only", "with extension"]);
  if (form === "E.164") return [e164, form, ""];
  if (form === "digits only") return [nat.replace(/\D/g, ""), form, ""];
  if (form === "with extension") return [nat, form, ` ${EXT[LANG(loc)]} ${int(10, 999)}`];
  return [nat, form, ""];
}
const BRANDS = [
  ["Visa", () => "4" + digits(14), 16], ["MasterCard", () => String(int(51, 55)) + digits(13), 16],
  ["MasterCard", () => String(int(2221, 2720)) + digits(11), 16], ["American Express", () => pick(["34", "37"]) + digits(12), 15],
  ["Maestro", () => pick(["6759", "5018", "6304"]) + digits(11), 16], ["Discover", () => "6011" + digits(11), 16],
];
function card() {
  const [brand, body] = pick(BRANDS);
  let n = body(); n += luhnDigit(n);
  if (chance(BROKEN)) n = breakLast(n);
  const amex = brand === "American Express";
  const form = pick(["groups", "compact", "dashes"]);
  const v = form === "compact" ? n : amex ? groups(n, [4, 6, 5], form === "groups" ? " " : "-") : by4(n, form === "groups" ? " " : "-");
  return [v, brand, form];
}
function ibanValue(loc) {
  let s = ibanOf(IBAN_CC[loc], BBAN[IBAN_CC[loc]]());
  if (chance(BROKEN)) s = s.slice(0, 2) + String((Number(s.slice(2, 4)) + int(1, 50)) % 100).padStart(2, "0") + s.slice(4);
  const form = pick(["groups of four", "groups of four", "compact", "lower case"]);
  return [form === "compact" ? s : form === "lower case" ? by4(s, " ").toLowerCase() : by4(s, " "), form];
}
function nationalId(sub) {
  const broken = chance(BROKEN);
  const sep = chance(0.5);
  switch (sub) {
    case "us_ssn": { const p = ssn(); if (broken) p[0] = pick(["000", "666", "9" + digits(2)]); const s = pick(["-", " "]); return [sep ? p.join(s) : p.join(""), sep ? (s === "-" ? "dashes" : "spaces") : "compact"]; }
    case "uk_nino": { const p = nino(); if (broken) p[0] = pick(["GB", "BG", "QQ", "DA"]); return [sep ? p.join(" ") : p.join(""), sep ? "spaced" : "compact"]; }
    case "nl_bsn": { let b = bsn(); if (broken) b = breakLast(b); return [sep ? groups(b, [4, 2, 3], ".") : b, sep ? "dots" : "compact"]; }
    case "de_idnr": { let b = idnr(); if (broken) b = breakLast(b); return [sep ? groups(b, [2, 3, 3, 3], " ") : b, sep ? "spaced" : "compact"]; }
    case "fr_nir": { let b = nir(); if (broken) b = breakLast(b); return [sep ? groups(b, [1, 2, 2, 2, 3, 3, 2], " ") : b, sep ? "spaced" : "compact"]; }
    case "es_dni": { const [n, l] = dni(); const L = broken ? DNI[(DNI.indexOf(l) + int(1, 22)) % 23] : l; return [sep ? `${groups(n, [2, 3, 3], ".")}-${L}` : n + L, sep ? "dots and dash" : "compact"]; }
    case "es_nie": { const [n, l] = nie(); const L = broken ? DNI[(DNI.indexOf(l) + int(1, 22)) % 23] : l; return [sep ? `${n[0]}-${n.slice(1)}-${L}` : n + L, sep ? "dashes" : "compact"]; }
    case "it_cf": { let c = cf(); if (broken) c = c.slice(0, 15) + LETTERS[(LETTERS.indexOf(c[15]) + int(1, 25)) % 26]; return [sep ? c.toLowerCase() : c, sep ? "lower case" : "upper case"]; }
  }
  throw new Error(sub);
}

// ---------------------------------------------------------------- benign: numbers, no PII
const luhn16 = (p) => { const b = p + digits(15 - p.length); return b + luhnDigit(b); };
const ean13 = () => { const b = pick(["400", "500", "560", "590", "800", "870"]) + digits(9); let t = 0; for (let i = 0; i < 12; i++) t += Number(b[i]) * (i % 2 ? 3 : 1); return b + String((10 - (t % 10)) % 10); };
const isbn13 = () => { const b = "978" + pick(["3", "2", "84", "88", "90", "83"]); const r = b + digits(12 - b.length); let t = 0; for (let i = 0; i < 12; i++) t += Number(r[i]) * (i % 2 ? 3 : 1); return r + String((10 - (t % 10)) % 10); };
const hex = (n) => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");
const money = () => `${int(1, 9999)},${String(int(0, 99)).padStart(2, "0")}`;
const BENIGN = [
  ["sports_result", () => ({ a: int(0, 5), b: int(0, 5), c: int(1, 90) }), { en: "Final score {a}-{b}, the winner came in the {c}th minute.", de: "Endstand {a}:{b}, das Siegtor fiel in der {c}. Minute.", fr: "Score final {a}-{b}, but décisif à la {c}e minute.", es: "Resultado final {a}-{b}, el gol llegó en el minuto {c}.", it: "Finale {a}-{b}, gol decisivo al {c}' minuto.", nl: "Eindstand {a}-{b}, de winnende goal viel in minuut {c}.", pt: "Resultado final {a}-{b}, golo aos {c} minutos.", pl: "Wynik końcowy {a}:{b}, gol w {c}. minucie." }],
  ["transit_line", () => ({ a: int(1, 199), b: int(2, 40), c: int(5, 59) }), { en: "Take bus {a} for {b} stops; it leaves every {c} minutes.", de: "Mit der Tram {a} sind es {b} Haltestellen, Takt alle {c} Minuten.", fr: "Prenez le bus {a}, {b} arrêts, toutes les {c} minutes.", es: "Coja el autobús {a}, son {b} paradas, pasa cada {c} minutos.", it: "Prenda il tram {a}, {b} fermate, passa ogni {c} minuti.", nl: "Neem tram {a}, {b} haltes, elke {c} minuten.", pt: "Apanhe o autocarro {a}, são {b} paragens, de {c} em {c} minutos.", pl: "Tramwaj {a}, {b} przystanków, kursuje co {c} minut." }],
  ["recipe", () => ({ a: int(100, 750), b: int(2, 6), c: int(160, 220), d: int(15, 90) }), { en: "Mix {a} g flour with {b} eggs, bake at {c} °C for {d} minutes.", de: "{a} g Mehl mit {b} Eiern verrühren, bei {c} °C {d} Minuten backen.", fr: "Mélanger {a} g de farine et {b} œufs, cuire à {c} °C pendant {d} minutes.", es: "Mezcle {a} g de harina con {b} huevos y hornee a {c} °C durante {d} minutos.", it: "Unire {a} g di farina e {b} uova, cuocere a {c} °C per {d} minuti.", nl: "Meng {a} g bloem met {b} eieren, bak {d} minuten op {c} °C.", pt: "Junte {a} g de farinha a {b} ovos e leve ao forno a {c} °C durante {d} minutos.", pl: "Wymieszaj {a} g mąki z {b} jajkami, piecz {d} minut w {c} °C." }],
  ["product_dimensions", () => ({ a: int(20, 240), b: int(20, 120), c: int(2, 90), d: int(1, 60) }), { en: "Cabinet: {a} x {b} x {c} cm, weight {d} kg.", de: "Schrank: {a} x {b} x {c} cm, Gewicht {d} kg.", fr: "Armoire : {a} x {b} x {c} cm, poids {d} kg.", es: "Armario: {a} x {b} x {c} cm, peso {d} kg.", it: "Armadio: {a} x {b} x {c} cm, peso {d} kg.", nl: "Kast: {a} x {b} x {c} cm, gewicht {d} kg.", pt: "Armário: {a} x {b} x {c} cm, peso {d} kg.", pl: "Szafa: {a} x {b} x {c} cm, waga {d} kg." }],
  ["invoice_number", () => ({ a: digits(int(9, 16)).replace(/^0/, "2"), b: money() }), { en: "Invoice no. {a} for {b} EUR is now overdue.", de: "Rechnungsnummer {a} über {b} EUR ist überfällig.", fr: "La facture n° {a} de {b} EUR est échue.", es: "La factura n.º {a} por {b} EUR está vencida.", it: "La fattura n. {a} di {b} EUR è scaduta.", nl: "Factuurnummer {a} van {b} EUR is vervallen.", pt: "A fatura n.º {a} de {b} EUR está vencida.", pl: "Faktura nr {a} na kwotę {b} PLN jest przeterminowana." }],
  ["order_number", () => ({ a: digits(int(9, 14)).replace(/^0/, "7") }), { en: "Your order {a} has been dispatched.", de: "Ihre Bestellung Nr. {a} wurde versandt.", fr: "Votre commande n° {a} a été expédiée.", es: "Su pedido número {a} ha sido enviado.", it: "Il suo ordine n. {a} è stato spedito.", nl: "Je bestelling {a} is verzonden.", pt: "A sua encomenda n.º {a} foi expedida.", pl: "Zamówienie nr {a} zostało wysłane." }],
  ["customer_number", () => ({ a: digits(int(9, 12)).replace(/^0/, "3") }), { en: "Customer number {a} — please quote it when you write to us.", de: "Kundennummer {a} – bitte bei Rückfragen angeben.", fr: "Numéro client {a}, à rappeler dans toute correspondance.", es: "Número de cliente {a}, indíquelo en sus consultas.", it: "Codice cliente {a}, da citare nelle comunicazioni.", nl: "Klantnummer {a}, vermeld dit bij vragen.", pt: "Número de cliente {a}, indique-o nos contactos.", pl: "Numer klienta {a}, prosimy podawać w korespondencji." }],
  ["contract_number", () => ({ a: digits(int(10, 16)).replace(/^0/, "8") }), { en: "Policy number {a} renews automatically on 1 January.", de: "Vertragsnummer {a} verlängert sich zum 1. Januar.", fr: "Le contrat n° {a} est reconduit au 1er janvier.", es: "El número de póliza {a} se renueva el 1 de enero.", it: "Il contratto n. {a} si rinnova il 1° gennaio.", nl: "Polisnummer {a} wordt op 1 januari verlengd.", pt: "A apólice n.º {a} renova a 1 de janeiro.", pl: "Umowa nr {a} odnawia się 1 stycznia." }],
  ["voucher_luhn", () => ({ a: by4(luhn16(pick(["4", "5", "37", "6011"])), " "), b: int(10, 200) }), { en: "Gift voucher code {a}, worth {b} EUR, valid for a year.", de: "Gutscheincode {a} im Wert von {b} EUR, ein Jahr gültig.", fr: "Code du bon cadeau {a}, valeur {b} EUR.", es: "Código del cheque regalo {a}, valor {b} EUR.", it: "Codice del buono regalo {a}, valore {b} EUR.", nl: "Cadeaubon code {a}, waarde {b} EUR.", pt: "Código do vale de oferta {a}, valor {b} EUR.", pl: "Kod bonu podarunkowego {a}, wartość {b} PLN." }],
  ["loyalty_luhn", () => ({ a: luhn16(pick(["4", "5"])), b: int(100, 9000) }), { en: "Loyalty card {a}: you have {b} points.", de: "Treuekarte {a}: Sie haben {b} Punkte.", fr: "Carte de fidélité {a} : vous avez {b} points.", es: "Tarjeta de fidelización {a}: tiene {b} puntos.", it: "Carta fedeltà {a}: ha {b} punti.", nl: "Klantenkaart {a}: je hebt {b} punten.", pt: "Cartão de fidelização {a}: tem {b} pontos.", pl: "Karta lojalnościowa {a}: masz {b} punktów." }],
  ["library_card_luhn", () => ({ a: luhn16(pick(["4", "5", "6"])), b: int(1, 9) }), { en: "Library card {a}, {b} books on loan.", de: "Bibliotheksausweis {a}, {b} Bücher ausgeliehen.", fr: "Carte de bibliothèque {a}, {b} livres empruntés.", es: "Carné de biblioteca {a}, {b} libros en préstamo.", it: "Tessera della biblioteca {a}, {b} libri in prestito.", nl: "Bibliotheekpas {a}, {b} boeken geleend.", pt: "Cartão da biblioteca {a}, {b} livros requisitados.", pl: "Karta biblioteczna {a}, wypożyczone książki: {b}." }],
  ["transit_card_luhn", () => ({ a: by4(luhn16(pick(["4", "5"])), "-"), b: money() }), { en: "Transit card {a} topped up, balance {b} EUR.", de: "Fahrkarte (Chipkarte) {a} aufgeladen, Guthaben {b} EUR.", fr: "Carte de transport {a} rechargée, solde {b} EUR.", es: "Tarjeta de transporte {a} recargada, saldo {b} EUR.", it: "Tessera dei trasporti {a} ricaricata, saldo {b} EUR.", nl: "OV-kaart {a} opgeladen, saldo {b} EUR.", pt: "Passe de transportes {a} carregado, saldo {b} EUR.", pl: "Karta miejska {a} doładowana, saldo {b} PLN." }],
  ["parcel_tracking", () => ({ a: pick(["JJD", "CX", "RR"]) + digits(int(10, 14)) + pick(["", "DE", "PL"]), b: digits(12) }), { en: "Parcel {a} is out for delivery (depot ref {b}).", de: "Sendung {a} ist in Zustellung (Depot {b}).", fr: "Colis {a} en cours de livraison (dépôt {b}).", es: "El paquete {a} está en reparto (almacén {b}).", it: "Il pacco {a} è in consegna (deposito {b}).", nl: "Pakket {a} wordt bezorgd (depot {b}).", pt: "A encomenda {a} está em distribuição (armazém {b}).", pl: "Przesyłka {a} jest w doręczeniu (magazyn {b})." }],
  ["meter_number", () => ({ a: luhn16(pick(["4", "5"])).slice(0, int(10, 16)), b: int(1000, 99999) }), { en: "Meter number {a}, reading {b} kWh.", de: "Zählernummer {a}, Zählerstand {b} kWh.", fr: "Compteur n° {a}, relevé {b} kWh.", es: "Contador n.º {a}, lectura {b} kWh.", it: "Contatore n. {a}, lettura {b} kWh.", nl: "Meternummer {a}, stand {b} kWh.", pt: "Contador n.º {a}, leitura {b} kWh.", pl: "Licznik nr {a}, odczyt {b} kWh." }],
  ["imei", () => { const b = pick(["35", "86", "01"]) + digits(12); return { a: b + luhnDigit(b) }; }, { en: "Device IMEI {a} has been blocked after the theft report.", de: "Die IMEI {a} des Geräts wurde gesperrt.", fr: "L'IMEI de l'appareil {a} a été bloqué.", es: "El IMEI del dispositivo {a} ha sido bloqueado.", it: "L'IMEI del dispositivo {a} è stato bloccato.", nl: "Het IMEI {a} van het toestel is geblokkeerd.", pt: "O IMEI {a} do aparelho foi bloqueado.", pl: "Numer IMEI {a} urządzenia został zablokowany." }],
  ["phone_shaped_reference", () => ({ a: `0${int(100, 999)} ${digits(7)}`, b: digits(10) }), { en: "Case reference {a} (ticket {b}) was closed.", de: "Vorgangsnummer {a} (Ticket {b}) ist abgeschlossen.", fr: "Dossier référence {a} (ticket {b}) clôturé.", es: "Expediente {a} (incidencia {b}) cerrado.", it: "Pratica {a} (ticket {b}) chiusa.", nl: "Dossiernummer {a} (ticket {b}) is afgesloten.", pt: "Processo {a} (pedido {b}) encerrado.", pl: "Sprawa nr {a} (zgłoszenie {b}) zamknięta." }],
  ["internal_room_desk", () => ({ a: `${int(1, 9)}.${String(int(1, 60)).padStart(2, "0")}`, b: int(100, 999) }), { en: "The meeting is in room {a}; desk {b} is free.", de: "Besprechung in Raum {a}, Schreibtisch {b} ist frei.", fr: "Réunion en salle {a}, le bureau {b} est libre.", es: "Reunión en la sala {a}, el puesto {b} está libre.", it: "Riunione nella sala {a}, la postazione {b} è libera.", nl: "Overleg in zaal {a}, bureau {b} is vrij.", pt: "Reunião na sala {a}, a secretária {b} está livre.", pl: "Spotkanie w sali {a}, biurko {b} wolne." }],
  ["tax_amount", () => ({ a: money(), b: pick([7, 10, 19, 20, 21, 23]) }), { en: "VAT of {a} EUR at {b}% is included.", de: "Enthaltene MwSt. {b}%: {a} EUR.", fr: "TVA {b} % incluse : {a} EUR.", es: "IVA del {b} % incluido: {a} EUR.", it: "IVA al {b}% inclusa: {a} EUR.", nl: "Inclusief {b}% btw: {a} EUR.", pt: "IVA a {b}% incluído: {a} EUR.", pl: "VAT {b}% wliczony: {a} PLN." }],
  ["account_balance", () => ({ a: `${int(0, 99)}.${String(int(0, 999)).padStart(3, "0")},${String(int(0, 99)).padStart(2, "0")}`, b: int(1, 28) }), { en: "Your balance on the {b}th is {a} EUR.", de: "Ihr Kontostand am {b}. beträgt {a} EUR.", fr: "Votre solde au {b} est de {a} EUR.", es: "Su saldo a día {b} es de {a} EUR.", it: "Il saldo al giorno {b} è {a} EUR.", nl: "Je saldo op de {b}e is {a} EUR.", pt: "O seu saldo no dia {b} é {a} EUR.", pl: "Saldo na dzień {b}. wynosi {a} PLN." }],
  ["version_string", () => ({ a: `${int(1, 20)}.${int(0, 30)}.${int(0, 200)}`, b: digits(int(5, 9)) }), { en: "Upgraded to version {a} (build {b}).", de: "Aktualisiert auf Version {a} (Build {b}).", fr: "Mise à jour vers la version {a} (build {b}).", es: "Actualizado a la versión {a} (compilación {b}).", it: "Aggiornato alla versione {a} (build {b}).", nl: "Bijgewerkt naar versie {a} (build {b}).", pt: "Atualizado para a versão {a} (build {b}).", pl: "Zaktualizowano do wersji {a} (kompilacja {b})." }],
  ["hash", () => ({ a: hex(40), b: hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12) }), { en: "ERROR job {b} failed at commit {a}", de: "FEHLER Auftrag {b} an Commit {a} gescheitert", fr: "ERREUR tâche {b} échouée au commit {a}", es: "ERROR la tarea {b} falló en el commit {a}", it: "ERRORE job {b} fallito al commit {a}", nl: "FOUT taak {b} mislukt op commit {a}", pt: "ERRO tarefa {b} falhou no commit {a}", pl: "BŁĄD zadanie {b} nie powiodło się na commicie {a}" }],
  ["mac_address", () => ({ a: Array.from({ length: 6 }, () => hex(2)).join(":").toUpperCase(), b: `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, c: int(1024, 65535) }), { en: "Router lease: {a} got {b}, port {c} open.", de: "Router: {a} hat {b} erhalten, Port {c} offen.", fr: "Routeur : {a} a reçu {b}, port {c} ouvert.", es: "Router: {a} recibió {b}, puerto {c} abierto.", it: "Router: {a} ha ottenuto {b}, porta {c} aperta.", nl: "Router: {a} kreeg {b}, poort {c} open.", pt: "Router: {a} recebeu {b}, porta {c} aberta.", pl: "Router: {a} otrzymał {b}, port {c} otwarty." }],
  ["gps", () => ({ a: (int(36000000, 59000000) / 1e6).toFixed(6), b: (int(-9000000, 24000000) / 1e6).toFixed(6) }), { en: "The outage is near {a}, {b}.", de: "Die Störung liegt bei {a}, {b}.", fr: "La panne se situe vers {a}, {b}.", es: "La avería está en {a}, {b}.", it: "Il guasto è a {a}, {b}.", nl: "De storing ligt bij {a}, {b}.", pt: "A avaria fica em {a}, {b}.", pl: "Awaria w okolicy {a}, {b}." }],
  ["isbn_issn_ean", () => ({ a: isbn13(), b: ean13(), c: `${digits(4)}-${digits(3)}X` }), { en: "ISBN {a}, barcode {b}, journal ISSN {c}.", de: "ISBN {a}, EAN {b}, Zeitschrift ISSN {c}.", fr: "ISBN {a}, code-barres {b}, revue ISSN {c}.", es: "ISBN {a}, código de barras {b}, ISSN {c}.", it: "ISBN {a}, codice a barre {b}, ISSN {c}.", nl: "ISBN {a}, streepjescode {b}, ISSN {c}.", pt: "ISBN {a}, código de barras {b}, ISSN {c}.", pl: "ISBN {a}, kod kreskowy {b}, ISSN {c}." }],
  ["court_case", () => ({ a: int(1, 999), b: int(2015, 2026), c: digits(int(9, 11)) }), { en: "Case No. {a}/{b}, court file {c}, hearing adjourned.", de: "Az. {a}/{b}, Gerichtsakte {c}, Termin vertagt.", fr: "Affaire n° {a}/{b}, RG {c}, audience renvoyée.", es: "Procedimiento {a}/{b}, autos {c}, vista aplazada.", it: "Causa n. {a}/{b}, R.G. {c}, udienza rinviata.", nl: "Zaaknummer {a}/{b}, rolnummer {c}, zitting uitgesteld.", pt: "Processo n.º {a}/{b}, autos {c}, audiência adiada.", pl: "Sygn. akt {a}/{b}, akta {c}, rozprawa odroczona." }],
  ["licence_plate", () => ({ a: pick([`${up(1)}-${up(2)} ${int(1, 9999)}`, `${up(2)}-${int(10, 99)}-${up(2)}`, `${int(1000, 9999)} ${up(3)}`, `${up(2)}${int(10, 99)} ${up(3)}`]), b: int(1, 300) }), { en: "Rental car {a} parked in bay {b}.", de: "Mietwagen {a} steht auf Stellplatz {b}.", fr: "Voiture de location {a}, place {b}.", es: "Coche de alquiler {a} en la plaza {b}.", it: "Auto a noleggio {a} al posto {b}.", nl: "Huurauto {a} staat op plek {b}.", pt: "Carro alugado {a} no lugar {b}.", pl: "Auto z wypożyczalni {a} na miejscu {b}." }],
  ["flight_number", () => ({ a: pick(["LH", "AF", "IB", "AZ", "KL", "TP", "LO", "BA", "EI", "FR"]) + int(10, 9999), b: `${String(int(0, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}`, c: pick(["A", "B", "C", "D"]) + int(1, 60) }), { en: "Flight {a} boards at {b} from gate {c}.", de: "Flug {a}, Boarding {b} Uhr, Gate {c}.", fr: "Vol {a}, embarquement {b}, porte {c}.", es: "Vuelo {a}, embarque a las {b}, puerta {c}.", it: "Volo {a}, imbarco alle {b}, gate {c}.", nl: "Vlucht {a}, boarding {b}, gate {c}.", pt: "Voo {a}, embarque às {b}, porta {c}.", pl: "Lot {a}, boarding o {b}, wyjście {c}." }],
  ["timestamp_log", () => ({ a: `2026-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}T${String(int(0, 23)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}:${String(int(0, 59)).padStart(2, "0")}Z`, b: int(100, 59999), c: int(1000000000, 1999999999) }), { en: "{a} WARN request took {b} ms (epoch {c})", de: "{a} WARNUNG Anfrage dauerte {b} ms (Epoche {c})", fr: "{a} AVERT requête en {b} ms (epoch {c})", es: "{a} AVISO la petición tardó {b} ms (epoch {c})", it: "{a} AVVISO richiesta in {b} ms (epoch {c})", nl: "{a} WAARSCHUWING verzoek duurde {b} ms (epoch {c})", pt: "{a} AVISO pedido demorou {b} ms (epoch {c})", pl: "{a} OSTRZEŻENIE żądanie trwało {b} ms (epoch {c})" }],
  ["opening_hours", () => ({ a: int(6, 10), b: int(17, 22), c: int(8, 12) }), { en: "Gym open Mon–Fri {a}:00–{b}:00, Sat from {c}:00.", de: "Studio geöffnet Mo–Fr {a}–{b} Uhr, Sa ab {c} Uhr.", fr: "Salle ouverte lun.–ven. {a}h–{b}h, sam. dès {c}h.", es: "Gimnasio abierto de lunes a viernes de {a} a {b} h, sábados desde las {c}.", it: "Palestra aperta lun–ven {a}–{b}, sabato dalle {c}.", nl: "Sportschool open ma–vr {a}–{b} uur, za vanaf {c} uur.", pt: "Ginásio aberto 2.ª a 6.ª das {a}h às {b}h, sábado desde as {c}h.", pl: "Siłownia czynna pn–pt {a}–{b}, sob. od {c}." }],
  ["sort_code_only", () => ({ a: `${digits(2)}-${digits(2)}-${digits(2)}`, b: pick(["Leeds", "Cork", "Bristol", "Galway"]) }), { en: "The branch sort code is {a} ({b} branch); no account needed for enquiries." }],
];
const LANGS = Object.keys(TPL);

// ---------------------------------------------------------------- assemble
const fill = (t, vals) => t.replace(/\{(\w+)\}/g, (m, k) => (k in vals ? String(vals[k]) : m));
const pii = [];
function add(loc, kind, sub, form, value, suffix = "") {
  const lang = LANG(loc);
  const ids = TPL_INDEX[`${lang}/${kind}`];
  const ti = ids[pii.filter((r) => r.locale === loc && r.kind === kind).length % ids.length];
  const text = fill(TEMPLATES[ti].text, { p: casual.full_name, id: ID_NAME[sub] ?? "", v: value + suffix });
  pii.push({ locale: loc, kind, sub, form, check: "n/a", template: ti, text, values: [value] });
}
const PER_LOCALE = 29;
for (const loc of LOCALES) {
  for (let i = 0; i < PER_LOCALE; i++) { const [v, form] = email(loc); add(loc, "email", "email", form, v); }
  for (let i = 0; i < PER_LOCALE; i++) { const [v, form, ext] = phone(loc); add(loc, "phone", "phone", form, v, ext); }
  for (let i = 0; i < PER_LOCALE; i++) { const [v, brand, form] = card(); add(loc, "card", brand, form, v); }
  if (IBAN_CC[loc]) for (let i = 0; i < 31; i++) { const [v, form] = ibanValue(loc); add(loc, "iban", "iban", form, v); }
}
for (const [sub, loc] of Object.entries(ID_LOCALE)) {
  for (let i = 0; i < 50; i++) { const [v, form] = nationalId(sub); add(loc, "national_id", sub, form, v); }
}

const benign = [];
for (const [family, gen, texts] of BENIGN) {
  const langs = Object.keys(texts);
  for (let i = 0; i < 30; i++) { const lang = langs[i % langs.length]; benign.push({ family, lang, text: fill(texts[lang], gen()) }); }
}

// Labels from the reference validators only (bench/pii_reference_checks.py).
const python = process.env.PYTHON ?? "python3";
const lines = pii.map((r) => JSON.stringify({ kind: r.kind, sub: r.sub, value: r.values[0], region: REGION[r.locale] })).join("\n") + "\n";
const run = spawnSync(python, [join(HERE, "pii_reference_checks.py")], { input: lines, encoding: "utf-8", maxBuffer: 1 << 26 });
if (run.status !== 0) {
  console.error(`make_pii_sixth: ${python} bench/pii_reference_checks.py failed (${run.error ?? run.stderr}). ` +
    "Fix: set PYTHON to an interpreter with python-stdnum and phonenumbers (e.g. the project's .venv).");
  process.exit(2);
}
const answer = JSON.parse(run.stdout);
pii.forEach((r, i) => { const p = answer.passes[i]; r.check = p === null ? "n/a" : p ? "valid" : "invalid"; });

const corpus = {
  source: "casual", source_version: VERSION, source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version, phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_sixth.mjs", seed: SEED, locales: LOCALES,
  templates: TEMPLATES.map((t) => ({ lang: t.lang, kind: t.kind, names_value: t.names, text: t.text })),
  templates_naming_nothing: TEMPLATES.flatMap((t, i) => (t.names ? [] : [i])),
  pii, benign,
};
writeFileSync(OUT, JSON.stringify(corpus, null, 1) + "\n", "utf-8");
console.error(`make_pii_sixth: ${pii.length} PII sentences, ${benign.length} benign -> ${OUT}`);
