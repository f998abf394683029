// A fourth held-out PII corpus (issue #17), written BLIND: the templates below were written
// from scratch without reading the PII detectors, their word lists, the other corpora or their
// generators. Frozen (committed) before any detector ran on it.
//
// Source of names, e-mails, phones (US/UK/FR) and cards: the npm package `chance` 1.1.13
// (MIT licence, https://chancejs.com), seeded with 20261209. Phones of the other regions are
// drawn from national numbering patterns written here; IBANs (with national check digits for
// BE, ES, FR, IT, NL, PT, PL) and national identifiers (US SSN, UK NINO, NL BSN, DE IdNr, FR NIR,
// ES DNI/NIE, IT codice fiscale) are built by their public algorithms in this file.
// Every value is then labelled / cross-checked by bench/pii_reference_checks.py (python-stdnum,
// phonenumbers: validators only, never a phaseone detector): phones take its answer as their
// `check`; for cards, IBANs and ids this file's own algorithm and the validator must agree, or
// the script stops.
//
// Run (from the repository root; Node 20):
//   mkdir -p /tmp/pii4 && (cd /tmp/pii4 && npm init -y && npm i chance@1.1.13)
//   PII4_NODE_DIR=/tmp/pii4 PYTHON=/work/main/.venv/bin/python node bench/make_pii_fourth.mjs
// Output: bench/data/pii_fourth.json (or the path given as the first argument). Same chance
// version, seed, stdnum / phonenumbers versions → the same file byte for byte.

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const NODE_DIR = process.env.PII4_NODE_DIR ?? "/tmp/pii4";
const PYTHON = process.env.PYTHON ?? "/work/main/.venv/bin/python";
const OUT = process.argv[2] ?? "bench/data/pii_fourth.json";
const SEED = 20261209;
const CHANCE_VERSION = "1.1.13";

const require = createRequire(join(NODE_DIR, "package.json"));
let Chance;
try {
  Chance = require("chance");
} catch {
  console.error(`chance not found under ${NODE_DIR}: run (cd ${NODE_DIR} && npm i chance@${CHANCE_VERSION}) or set PII4_NODE_DIR`);
  process.exit(2);
}
const found = require("chance/package.json").version;
if (found !== CHANCE_VERSION) {
  console.error(`chance ${found} under ${NODE_DIR}; this corpus is pinned to ${CHANCE_VERSION}: npm i chance@${CHANCE_VERSION}`);
  process.exit(2);
}
const ch = new Chance(SEED);

// ---------------------------------------------------------------- locales
const LOCALES = {
  "en-US": { lang: "en", region: "US", cc: "1", cur: (a) => `$${a.toFixed(2)}`, date: (y, m, d) => `${m}/${d}/${y}` },
  "en-GB": { lang: "en", region: "GB", cc: "44", cur: (a) => `£${a.toFixed(2)}`, date: (y, m, d) => `${d}/${m}/${y}` },
  "en-IE": { lang: "en", region: "IE", cc: "353", cur: (a) => `€${a.toFixed(2)}`, date: (y, m, d) => `${d}/${m}/${y}` },
  de: { lang: "de", region: "DE", cc: "49", cur: (a) => `${comma(a)} €`, date: (y, m, d) => `${d}.${m}.${y}` },
  "de-AT": { lang: "de", region: "AT", cc: "43", cur: (a) => `€ ${comma(a)}`, date: (y, m, d) => `${d}.${m}.${y}` },
  "de-CH": { lang: "de", region: "CH", cc: "41", cur: (a) => `CHF ${a.toFixed(2)}`, date: (y, m, d) => `${d}.${m}.${y}` },
  fr: { lang: "fr", region: "FR", cc: "33", cur: (a) => `${comma(a)} €`, date: (y, m, d) => `${d}/${m}/${y}` },
  "fr-BE": { lang: "fr", region: "BE", cc: "32", cur: (a) => `${comma(a)} EUR`, date: (y, m, d) => `${d}/${m}/${y}` },
  es: { lang: "es", region: "ES", cc: "34", cur: (a) => `${comma(a)} €`, date: (y, m, d) => `${d}/${m}/${y}` },
  it: { lang: "it", region: "IT", cc: "39", cur: (a) => `€ ${comma(a)}`, date: (y, m, d) => `${d}/${m}/${y}` },
  nl: { lang: "nl", region: "NL", cc: "31", cur: (a) => `€ ${comma(a)}`, date: (y, m, d) => `${d}-${m}-${y}` },
  "nl-BE": { lang: "nl", region: "BE", cc: "32", cur: (a) => `€ ${comma(a)}`, date: (y, m, d) => `${d}/${m}/${y}` },
  "pt-PT": { lang: "pt", region: "PT", cc: "351", cur: (a) => `${comma(a)} €`, date: (y, m, d) => `${d}/${m}/${y}` },
  pl: { lang: "pl", region: "PL", cc: "48", cur: (a) => `${comma(a)} zł`, date: (y, m, d) => `${d}.${m}.${y}` },
};
const LOCALE_NAMES = Object.keys(LOCALES);

function comma(a) {
  return a.toFixed(2).replace(".", ",");
}
const pad = (n, w) => String(n).padStart(w, "0");
const digits = (n) => Array.from({ length: n }, () => String(ch.integer({ min: 0, max: 9 }))).join("");
const upper = (n) => Array.from({ length: n }, () => ch.character({ pool: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" })).join("");

function ctx(loc) {
  const L = LOCALES[loc];
  const first = ch.first();
  const last = ch.last();
  const y = ch.integer({ min: 2025, max: 2027 });
  return {
    n: `${first} ${last}`,
    f: first,
    l: last,
    d: L.date(y, pad(ch.integer({ min: 1, max: 12 }), 2), pad(ch.integer({ min: 1, max: 28 }), 2)),
    a: L.cur(ch.integer({ min: 500, max: 250000 }) / 100),
  };
}

function fill(tpl, vars) {
  return tpl.replace(/\{(\w)\}/g, (_, k) => {
    if (!(k in vars)) throw new Error(`template placeholder {${k}} unknown: ${tpl}`);
    return vars[k];
  });
}

// ---------------------------------------------------------------- templates
// Index 0-2 name the kind (a word for it stands near the value); 3-4 name nothing: the value
// sits among a name, a date, an amount only.
const T = {
  en: {
    email: [
      "Hi, I can't log in to my account. Please send the reset link to my email {v} instead of my work address.",
      "Customer contact updated - new e-mail address: {v} (requested by {n} on {d}).",
      "Could you add my email address {v} to the mailing list for the book club?",
      "Forwarding this to {v} since {f} is out until {d}.",
      "{n}, {v}, paid {a} on {d} - please confirm the booking.",
    ],
    phone: [
      "Please call me back on my mobile {v}, I'm free after 3pm.",
      "Emergency contact: {n}, phone {v}.",
      "The surgery asked us to ring them on {v} to rebook the appointment on {d}; their phone line opens at 8.",
      "{n} ({v}) will pick up the keys on {d}.",
      "Spoke to {f} at {v} around 10:30, she confirmed delivery for {d}.",
    ],
    card: [
      "I was charged twice on my credit card {v} for the order on {d}, please refund {a}.",
      "Card number: {v}, expiry 08/29, name on card {n}.",
      "Please update the card on file to {v} before the next payment of {a}.",
      "{n} paid {a} with {v} on {d}.",
      "Refund {a} to {v} ({n}), as agreed on {d}.",
    ],
    iban: [
      "Please pay the deposit of {a} into my account, IBAN {v}, by {d}.",
      "Bank details for payroll: {n}, IBAN: {v}.",
      "My new bank account is {v} - please use it for the refund of {a}.",
      "Transfer {a} to {n}, {v}, for the rent of {d}.",
      "{n} - {v} - {a} due {d}",
    ],
    national_id: [
      "My {L} is {v}, I need it corrected on the payroll record.",
      "HR note: {n}, {L} {v}, start date {d}.",
      "For the tax form please enter your {L}: {v}.",
      "{n}, born {d}, {v} - new starter in the warehouse team.",
      "Employee file updated: {n} / {v} / {d}",
    ],
  },
  de: {
    email: [
      "Hallo, bitte schicken Sie die Rechnung an meine E-Mail-Adresse {v}.",
      "Neue Mailadresse von {n}: {v} (gültig ab {d}).",
      "Kannst du mir den Link per Mail an {v} schicken? Danke!",
      "{n} ({v}) hat am {d} {a} überwiesen.",
      "Bitte auch {v} informieren, {f} ist bis {d} im Urlaub.",
    ],
    phone: [
      "Sie erreichen mich tagsüber unter der Telefonnummer {v}.",
      "Rückrufbitte: {n}, Tel. {v}, wegen Termin am {d}.",
      "Meine neue Handynummer ist {v}, die alte bitte löschen.",
      "{n}, {v}, holt das Paket am {d} ab.",
      "Frau {l} hat sich gemeldet - {v} - und möchte den Termin vom {d} verschieben.",
    ],
    card: [
      "Bitte buchen Sie die {a} von meiner Kreditkarte {v} ab.",
      "Kartennummer {v}, gültig bis 11/28, Inhaber {n}.",
      "Die Zahlung mit der Karte {v} am {d} wurde doppelt belastet.",
      "{n} hat {a} mit {v} bezahlt, Buchung vom {d}.",
      "Erstattung {a} an {v} - {n}",
    ],
    iban: [
      "Bitte überweisen Sie die Kaution von {a} auf mein Konto, IBAN {v}.",
      "Bankverbindung: {n}, IBAN: {v}.",
      "Mein Gehalt bitte ab {d} auf das neue Konto {v} überweisen.",
      "Miete {d}: {a} an {n}, {v}.",
      "{n} - {v} - Betrag {a}, fällig am {d}",
    ],
    national_id: [
      "Meine {L} lautet {v}, bitte für die Lohnabrechnung eintragen.",
      "Personalakte {n}: {L} {v}, Eintritt am {d}.",
      "Für den Antrag benötigen wir noch Ihre {L}: {v}.",
      "{n}, geb. {d}, {v} - neu im Lager ab Montag.",
      "Stammdaten geändert: {n} / {v} / {d}",
    ],
  },
  fr: {
    email: [
      "Bonjour, merci d'envoyer la facture à mon adresse e-mail {v}.",
      "Nouvelle adresse mail de {n} : {v} (à partir du {d}).",
      "Pouvez-vous me répondre par courriel à {v} ? Merci d'avance.",
      "{n} ({v}) a réglé {a} le {d}.",
      "Merci de prévenir aussi {v}, {f} est en congé jusqu'au {d}.",
    ],
    phone: [
      "Vous pouvez me joindre sur mon portable au {v} en journée.",
      "Rappeler {n}, tél. {v}, au sujet du rendez-vous du {d}.",
      "Mon nouveau numéro de téléphone est le {v}.",
      "{n}, {v}, passera récupérer le colis le {d}.",
      "Mme {l} - {v} - souhaite décaler son rendez-vous du {d}.",
    ],
    card: [
      "Merci de débiter {a} sur ma carte bancaire {v}.",
      "Numéro de carte : {v}, expire fin 09/27, titulaire {n}.",
      "Le paiement par carte {v} du {d} a été prélevé deux fois.",
      "{n} a payé {a} avec {v} le {d}.",
      "Remboursement {a} sur {v} - {n}",
    ],
    iban: [
      "Merci de verser la caution de {a} sur mon compte, IBAN {v}.",
      "Coordonnées bancaires : {n}, IBAN : {v}.",
      "À partir du {d}, mon salaire doit être viré sur le nouveau compte {v}.",
      "Loyer du {d} : {a} à {n}, {v}.",
      "{n} - {v} - montant {a}, échéance le {d}",
    ],
    national_id: [
      "Mon {L} est le {v}, merci de corriger l'attestation.",
      "Dossier RH {n} : {L} {v}, embauche le {d}.",
      "Pour la mutuelle, indiquez votre {L} : {v}.",
      "{n}, né(e) le {d}, {v} - nouvel arrivant à l'entrepôt.",
      "Fiche salarié mise à jour : {n} / {v} / {d}",
    ],
  },
  es: {
    email: [
      "Hola, por favor envíen la factura a mi correo electrónico {v}.",
      "Nuevo email de {n}: {v} (desde el {d}).",
      "¿Me puedes mandar el enlace por correo a {v}? Gracias.",
      "{n} ({v}) pagó {a} el {d}.",
      "Avisad también a {v}, {f} está de vacaciones hasta el {d}.",
    ],
    phone: [
      "Puede llamarme al móvil {v} por las tardes.",
      "Devolver llamada: {n}, tel. {v}, por la cita del {d}.",
      "Mi nuevo número de teléfono es el {v}.",
      "{n}, {v}, recogerá el paquete el {d}.",
      "La señora {l} - {v} - quiere cambiar la cita del {d}.",
    ],
    card: [
      "Por favor, carguen los {a} en mi tarjeta de crédito {v}.",
      "Número de tarjeta: {v}, caduca 10/28, titular {n}.",
      "El pago con la tarjeta {v} del {d} se cobró dos veces.",
      "{n} pagó {a} con {v} el {d}.",
      "Reembolso {a} a {v} - {n}",
    ],
    iban: [
      "Por favor, ingresen la fianza de {a} en mi cuenta, IBAN {v}.",
      "Datos bancarios: {n}, IBAN: {v}.",
      "A partir del {d} la nómina va a la nueva cuenta {v}.",
      "Alquiler {d}: {a} a {n}, {v}.",
      "{n} - {v} - importe {a}, vence el {d}",
    ],
    national_id: [
      "Mi {L} es {v}, necesito que lo corrijan en la nómina.",
      "Ficha de personal {n}: {L} {v}, alta el {d}.",
      "Para el contrato de alquiler indique su {L}: {v}.",
      "{n}, nacido/a el {d}, {v} - nueva incorporación en almacén.",
      "Datos actualizados: {n} / {v} / {d}",
    ],
  },
  it: {
    email: [
      "Buongiorno, vi prego di inviare la fattura al mio indirizzo email {v}.",
      "Nuova e-mail di {n}: {v} (dal {d}).",
      "Mi mandi il link per posta elettronica a {v}? Grazie.",
      "{n} ({v}) ha pagato {a} il {d}.",
      "Avvisate anche {v}, {f} è in ferie fino al {d}.",
    ],
    phone: [
      "Potete chiamarmi al cellulare {v} nel pomeriggio.",
      "Richiamare {n}, tel. {v}, per l'appuntamento del {d}.",
      "Il mio nuovo numero di telefono è {v}.",
      "{n}, {v}, ritira il pacco il {d}.",
      "La signora {l} - {v} - vuole spostare la visita del {d}.",
    ],
    card: [
      "Vi prego di addebitare {a} sulla mia carta di credito {v}.",
      "Numero carta: {v}, scadenza 07/29, intestatario {n}.",
      "Il pagamento con la carta {v} del {d} è stato addebitato due volte.",
      "{n} ha pagato {a} con {v} il {d}.",
      "Rimborso {a} su {v} - {n}",
    ],
    iban: [
      "Vi prego di versare la caparra di {a} sul mio conto, IBAN {v}.",
      "Coordinate bancarie: {n}, IBAN: {v}.",
      "Dal {d} lo stipendio va accreditato sul nuovo conto {v}.",
      "Affitto {d}: {a} a {n}, {v}.",
      "{n} - {v} - importo {a}, scadenza {d}",
    ],
    national_id: [
      "Il mio {L} è {v}, per favore correggetelo in busta paga.",
      "Anagrafica dipendente {n}: {L} {v}, assunzione il {d}.",
      "Per la ricetta indichi il suo {L}: {v}.",
      "{n}, nato/a il {d}, {v} - nuovo in magazzino.",
      "Dati aggiornati: {n} / {v} / {d}",
    ],
  },
  nl: {
    email: [
      "Hallo, wilt u de factuur naar mijn e-mailadres {v} sturen?",
      "Nieuw mailadres van {n}: {v} (vanaf {d}).",
      "Kun je de link even mailen naar {v}? Dank je!",
      "{n} ({v}) heeft op {d} {a} betaald.",
      "Graag ook {v} informeren, {f} is tot {d} op vakantie.",
    ],
    phone: [
      "U kunt mij overdag bereiken op mijn mobiel {v}.",
      "Terugbelverzoek: {n}, tel. {v}, over de afspraak van {d}.",
      "Mijn nieuwe telefoonnummer is {v}.",
      "{n}, {v}, haalt het pakket op {d} op.",
      "Mevrouw {l} - {v} - wil de afspraak van {d} verzetten.",
    ],
    card: [
      "Wilt u de {a} van mijn creditcard {v} afschrijven?",
      "Kaartnummer: {v}, geldig tot 12/27, op naam van {n}.",
      "De betaling met kaart {v} van {d} is dubbel afgeschreven.",
      "{n} heeft {a} betaald met {v} op {d}.",
      "Terugbetaling {a} naar {v} - {n}",
    ],
    iban: [
      "Wilt u de borg van {a} op mijn rekening storten, IBAN {v}?",
      "Bankgegevens: {n}, IBAN: {v}.",
      "Vanaf {d} graag mijn salaris op het nieuwe rekeningnummer {v}.",
      "Huur {d}: {a} aan {n}, {v}.",
      "{n} - {v} - bedrag {a}, vervalt op {d}",
    ],
    national_id: [
      "Mijn {L} is {v}, kunt u dat aanpassen in de salarisadministratie?",
      "Personeelsdossier {n}: {L} {v}, in dienst per {d}.",
      "Voor de zorgverzekering hebben we uw {L} nodig: {v}.",
      "{n}, geboren {d}, {v} - nieuwe collega in het magazijn.",
      "Gegevens bijgewerkt: {n} / {v} / {d}",
    ],
  },
  pt: {
    email: [
      "Olá, por favor enviem a fatura para o meu e-mail {v}.",
      "Novo endereço de email de {n}: {v} (a partir de {d}).",
      "Podes mandar-me o link por correio eletrónico para {v}? Obrigado.",
      "{n} ({v}) pagou {a} em {d}.",
      "Avisem também {v}, a {f} está de férias até {d}.",
    ],
    phone: [
      "Pode ligar-me para o telemóvel {v} à tarde.",
      "Ligar de volta: {n}, tel. {v}, sobre a consulta de {d}.",
      "O meu novo número de telefone é {v}.",
      "{n}, {v}, vai levantar a encomenda em {d}.",
      "A senhora {l} - {v} - quer remarcar a consulta de {d}.",
    ],
    card: [
      "Por favor debitem {a} no meu cartão de crédito {v}.",
      "Número do cartão: {v}, validade 05/28, titular {n}.",
      "O pagamento com o cartão {v} de {d} foi cobrado duas vezes.",
      "{n} pagou {a} com {v} em {d}.",
      "Reembolso {a} para {v} - {n}",
    ],
    iban: [
      "Por favor transfiram a caução de {a} para a minha conta, IBAN {v}.",
      "Dados bancários: {n}, IBAN: {v}.",
      "A partir de {d} o ordenado deve ir para a nova conta {v}.",
      "Renda {d}: {a} a {n}, {v}.",
      "{n} - {v} - valor {a}, vence a {d}",
    ],
  },
  pl: {
    email: [
      "Dzień dobry, proszę wysłać fakturę na mój adres e-mail {v}.",
      "Nowy mail od {n}: {v} (od {d}).",
      "Możesz mi wysłać link mailem na {v}? Dzięki.",
      "{n} ({v}) zapłacił(a) {a} dnia {d}.",
      "Proszę powiadomić też {v}, {f} jest na urlopie do {d}.",
    ],
    phone: [
      "Proszę dzwonić na moją komórkę {v} po południu.",
      "Oddzwonić: {n}, tel. {v}, w sprawie wizyty {d}.",
      "Mój nowy numer telefonu to {v}.",
      "{n}, {v}, odbierze paczkę {d}.",
      "Pani {l} - {v} - chce przełożyć wizytę z {d}.",
    ],
    card: [
      "Proszę obciążyć moją kartę kredytową {v} kwotą {a}.",
      "Numer karty: {v}, ważna do 03/29, posiadacz {n}.",
      "Płatność kartą {v} z dnia {d} została pobrana dwa razy.",
      "{n} zapłacił(a) {a} przez {v} dnia {d}.",
      "Zwrot {a} na {v} - {n}",
    ],
    iban: [
      "Proszę przelać kaucję {a} na moje konto, IBAN {v}.",
      "Dane do przelewu: {n}, IBAN: {v}.",
      "Od {d} wynagrodzenie proszę przelewać na nowy rachunek {v}.",
      "Czynsz {d}: {a} dla {n}, {v}.",
      "{n} - {v} - kwota {a}, termin {d}",
    ],
  },
};
export const NAMING_NOTHING = [3, 4];

const EXT_WORD = { en: "ext.", de: "Durchwahl", fr: "poste", es: "ext.", it: "interno", nl: "toestel", pt: "extensão", pl: "wew." };

// ---------------------------------------------------------------- e-mails
const MAIL_DOMAINS = {
  en: ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "btinternet.com", "eircom.net", "hotmail.com"],
  de: ["web.de", "gmx.de", "t-online.de", "gmx.at", "bluewin.ch", "posteo.de", "aon.at"],
  fr: ["orange.fr", "free.fr", "laposte.net", "skynet.be", "sfr.fr", "wanadoo.fr"],
  es: ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es", "outlook.es"],
  it: ["libero.it", "virgilio.it", "tiscali.it", "alice.it", "gmail.com"],
  nl: ["ziggo.nl", "kpnmail.nl", "telenet.be", "hotmail.nl", "xs4all.nl", "proximus.be"],
  pt: ["sapo.pt", "gmail.com", "netcabo.pt", "hotmail.com"],
  pl: ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com"],
};

function email(lang) {
  const f = ch.first().toLowerCase();
  const l = ch.last().toLowerCase();
  const dom = ch.bool({ likelihood: 75 }) ? ch.pick(MAIL_DOMAINS[lang]) : ch.domain();
  const local = ch.pick([
    `${f}.${l}`,
    `${f[0]}.${l}`,
    `${f}${l}${ch.integer({ min: 1, max: 99 })}`,
    `${l}.${f}`,
    `${f}_${l}`,
    ch.email().split("@")[0],
  ]);
  const form = ch.pick(["plain", "plain", "angle", "capitalised", "plus_tag"]);
  if (form === "capitalised") {
    const v = `${local[0].toUpperCase()}${local.slice(1)}@${dom}`;
    return { form, value: v, shown: v };
  }
  if (form === "plus_tag") {
    const v = `${local}+${ch.pick(["shop", "news", "bills", "2026"])}@${dom}`;
    return { form, value: v, shown: v };
  }
  const v = `${local}@${dom}`;
  return { form, value: v, shown: form === "angle" ? `<${v}>` : v };
}

// ---------------------------------------------------------------- phones
// National formats: N any digit, M 1-9, [xyz] one of the listed characters.
const PHONE_PATTERNS = {
  IE: ["08[35679] NNN NNNN", "01 NNN NNNN", "021 NNN NNNN", "091 NNN NNN"],
  DE: ["015[12579] NNNNNNN", "017[0-9] NNNNNNN", "030 MNNNNNNN", "089 MNNNNNN", "0221 MNNNNNN"],
  AT: ["066[04] NNNNNNN", "0676 NNNNNNN", "0699 NNNNNNNN", "01 MNNNNNN", "0316 MNNNNN"],
  CH: ["07[6789] NNN NN NN", "044 MNN NN NN", "031 MNN NN NN", "022 MNN NN NN"],
  BE: ["04[789]N NN NN NN", "02 MNN NN NN", "09 MNN NN NN", "03 MNN NN NN"],
  ES: ["6NN NN NN NN", "7[1234]N NN NN NN", "91 MNN NN NN", "93 MNN NN NN"],
  IT: ["3[2-9]N NNN NNNN".replace("[2-9]", "[23456789]"), "06 MNNN NNNN", "02 MNNN NNNN", "011 MNN NNNN"],
  NL: ["06-[1-6]NNNNNNN".replace("[1-6]", "[123456]"), "020 MNN NNNN", "010 MNN NNNN", "030 MNN NNNN"],
  PT: ["9[1236]N NNN NNN", "21N NNN NNN", "22N NNN NNN"],
  PL: ["[5678]NN NNN NNN", "22 MNN NN NN", "12 MNN NN NN", "61 MNN NN NN"],
};

function expand(p) {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "N") out += String(ch.integer({ min: 0, max: 9 }));
    else if (c === "M") out += String(ch.integer({ min: 1, max: 9 }));
    else if (c === "[") {
      const j = p.indexOf("]", i);
      out += ch.pick(p.slice(i + 1, j).split(""));
      i = j;
    } else out += c;
  }
  return out;
}

function nationalPhone(region) {
  if (region === "US") return ch.phone({ country: "us" });
  if (region === "GB") return ch.phone({ country: "uk", mobile: ch.bool() });
  if (region === "FR") return ch.phone({ country: "fr", mobile: ch.bool() });
  return expand(ch.pick(PHONE_PATTERNS[region]));
}

function phone(loc) {
  const L = LOCALES[loc];
  const national = nationalPhone(L.region);
  const nd = national.replace(/\D/g, "");
  const keepTrunk = ["US", "IT", "ES", "PT", "PL"].includes(L.region);
  const subscriber = keepTrunk ? nd : nd.replace(/^0/, "");
  const spacedSub = keepTrunk ? national.replace(/[()]/g, "").replace(/-/g, " ").trim() : national.replace(/^0/, "");
  const form = ch.pick(["national", "national", "e164", "digits", "intl_spaced", "intl_00", "extension"]);
  let value = national;
  if (form === "e164") value = `+${L.cc}${subscriber}`;
  else if (form === "digits") value = nd;
  else if (form === "intl_spaced") value = `+${L.cc} ${spacedSub}`;
  else if (form === "intl_00") value = `00${L.cc} ${spacedSub}`;
  const shown = form === "extension" ? `${value} ${EXT_WORD[L.lang]} ${ch.integer({ min: 10, max: 4999 })}` : value;
  return { form, value, shown };
}

// ---------------------------------------------------------------- cards
const luhnSum = (s) => {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum;
};
const luhnOk = (s) => luhnSum(s) % 10 === 0;
const luhnComplete = (body) => body + String((10 - (luhnSum(body + "0") % 10)) % 10);

const BRANDS = [
  ["Visa", "Visa", 30],
  ["MasterCard", "Mastercard", 25],
  ["American Express", "American Express", 12],
  ["Maestro", "Maestro", 10],
  ["Visa Electron", "Visa Electron", 5],
  ["Discover", "Discover Card", 6],
  ["JCB", "JCB", 6],
  ["Diners Club", "Diners Club International", 6],
];

function groupCard(num) {
  if (num.length === 15) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)];
  if (num.length === 14) return [num.slice(0, 4), num.slice(4, 10), num.slice(10)];
  const g = [];
  for (let i = 0; i < num.length; i += 4) g.push(num.slice(i, i + 4));
  return g;
}

function card() {
  const [sub, type] = ch.weighted(
    BRANDS.map((b) => [b[0], b[1]]),
    BRANDS.map((b) => b[2]),
  );
  let num = ch.cc({ type });
  let check = "valid";
  if (ch.bool({ likelihood: 10 })) {
    const last = Number(num.at(-1));
    num = num.slice(0, -1) + String((last + ch.integer({ min: 1, max: 9 })) % 10);
    check = "invalid";
  }
  if (luhnOk(num) !== (check === "valid")) throw new Error(`card label disagrees with Luhn: ${num}`);
  const form = ch.pick(["groups", "groups", "compact", "dashes"]);
  const value = form === "compact" ? num : groupCard(num).join(form === "dashes" ? "-" : " ");
  return { sub, form, value, shown: value, check };
}

// ---------------------------------------------------------------- IBANs
const alnumToNum = (s) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
const mod97 = (numStr) => {
  let r = 0;
  for (const c of numStr) r = (r * 10 + Number(c)) % 97;
  return r;
};
function ibanOf(country, bban) {
  const chk = 98 - mod97(alnumToNum(bban + country + "00"));
  return `${country}${pad(chk, 2)}${bban}`;
}
// Italian CIN and codice fiscale share this odd-position table (digits as A..J).
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
const idx = (c) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 65);
function itCheckChar(s) {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += i % 2 === 0 ? ODD[idx(s[i])] : idx(s[i]);
  return String.fromCharCode(65 + (sum % 26));
}
function esDc(ten) {
  const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  let s = 0;
  for (let i = 0; i < 10; i++) s += Number(ten[i]) * w[i];
  const d = 11 - (s % 11);
  return d === 11 ? 0 : d === 10 ? 1 : d;
}
function nlAccount() {
  for (;;) {
    const a = digits(10);
    let s = 0;
    for (let i = 0; i < 10; i++) s += Number(a[i]) * (10 - i);
    if (s % 11 === 0 && a[0] !== "0") return a;
  }
}
const BBAN = {
  DE: () => digits(8) + digits(10),
  AT: () => String(ch.integer({ min: 10000, max: 99999 })) + digits(11),
  CH: () => pad(ch.integer({ min: 100, max: 9999 }), 5) + digits(12),
  FR: () => {
    const bank = pad(ch.pick([30004, 30003, 20041, 10278, 30066, 18206]), 5);
    const branch = digits(5);
    const acct = digits(11);
    const key = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(acct)) % 97n);
    return bank + branch + acct + pad(key, 2);
  },
  BE: () => {
    const ten = ch.pick(["001", "068", "363", "734", "750", "310", "096", "143", "220", "088", "103"]) + digits(7);
    const k = Number(BigInt(ten) % 97n) || 97;
    return ten + pad(k, 2);
  },
  ES: () => {
    const ent = ch.pick(["2100", "0049", "0182", "0081", "2085", "0128"]);
    const ofi = digits(4);
    const cta = digits(10);
    return ent + ofi + String(esDc("00" + ent + ofi)) + String(esDc(cta)) + cta;
  },
  IT: () => {
    const abi = ch.pick(["03069", "02008", "05034", "03062", "01030"]);
    const cab = digits(5);
    const acct = digits(12);
    return itCheckChar(abi + cab + acct) + abi + cab + acct;
  },
  NL: () => ch.pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"]) + nlAccount(),
  PT: () => {
    const body = ch.pick(["0035", "0007", "0033", "0010", "0036"]) + digits(4) + digits(11);
    return body + pad(98 - mod97(body + "00"), 2);
  },
  PL: () => {
    const w = [3, 9, 7, 1, 3, 9, 7];
    const b = ch.pick(["1020", "1050", "1140", "1240", "1090"]) + digits(3);
    let s = 0;
    for (let i = 0; i < 7; i++) s += Number(b[i]) * w[i];
    return b + String((10 - (s % 10)) % 10) + digits(16);
  },
  GB: () => ch.pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8),
  IE: () => ch.pick(["AIBK", "BOFI", "IPBS"]) + digits(6) + digits(8),
};
const IBAN_COUNTRY = { US: ["GB", "IE", "DE"] };

function ibanValue(loc) {
  const region = LOCALES[loc].region;
  const country = IBAN_COUNTRY[region] ? ch.pick(IBAN_COUNTRY[region]) : region;
  let iban = ibanOf(country, BBAN[country]());
  let check = "valid";
  if (ch.bool({ likelihood: 10 })) {
    const cd = (Number(iban.slice(2, 4)) + ch.integer({ min: 1, max: 90 })) % 97;
    iban = iban.slice(0, 2) + pad(cd < 2 ? cd + 2 : cd, 2) + iban.slice(4);
    check = "invalid";
  }
  const form = ch.pick(["groups", "groups", "compact", "lower"]);
  const grouped = iban.match(/.{1,4}/g).join(" ");
  const value = form === "groups" ? grouped : form === "lower" ? iban.toLowerCase() : iban;
  return { form, value, shown: value, check };
}

// ---------------------------------------------------------------- national identifiers
function ssn() {
  let area;
  do area = ch.integer({ min: 1, max: 899 });
  while (area === 666);
  const a = pad(area, 3);
  const g = pad(ch.integer({ min: 1, max: 99 }), 2);
  const s = pad(ch.integer({ min: 1, max: 9999 }), 4);
  const form = ch.pick(["dashes", "spaces", "compact"]);
  return { form, raw: a + g + s, value: form === "dashes" ? `${a}-${g}-${s}` : form === "spaces" ? `${a} ${g} ${s}` : a + g + s, bad: null };
}
const NINO_RE = /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/;
function nino() {
  let v;
  do v = upper(2) + digits(6) + ch.pick(["A", "B", "C", "D"]);
  while (!NINO_RE.test(v));
  const form = ch.pick(["spaced", "compact"]);
  const value = form === "spaced" ? `${v.slice(0, 2)} ${v.slice(2, 4)} ${v.slice(4, 6)} ${v.slice(6, 8)} ${v[8]}` : v;
  return { form, raw: v, value };
}
function bsn() {
  for (;;) {
    const b = String(ch.integer({ min: 1, max: 9 })) + digits(7);
    let s = 0;
    for (let i = 0; i < 8; i++) s += Number(b[i]) * (9 - i);
    const last = s % 11;
    if (last === 10) continue;
    const v = b + String(last);
    const form = ch.pick(["compact", "dots", "spaces"]);
    const value = form === "dots" ? `${v.slice(0, 4)}.${v.slice(4, 6)}.${v.slice(6)}` : form === "spaces" ? `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}` : v;
    return { form, raw: v, value };
  }
}
function idnr() {
  for (;;) {
    const ten = String(ch.integer({ min: 1, max: 9 })) + digits(9);
    const counts = {};
    for (const c of ten) counts[c] = (counts[c] ?? 0) + 1;
    const multi = Object.values(counts).filter((n) => n > 1);
    if (multi.length !== 1 || multi[0] > 3) continue;
    let product = 10;
    for (const c of ten) {
      let sum = (Number(c) + product) % 10;
      if (sum === 0) sum = 10;
      product = (sum * 2) % 11;
    }
    const chk = (11 - product) % 10;
    const v = ten + String(chk);
    const form = ch.pick(["compact", "spaces"]);
    const value = form === "spaces" ? `${v.slice(0, 2)} ${v.slice(2, 5)} ${v.slice(5, 8)} ${v.slice(8)}` : v;
    return { form, raw: v, value };
  }
}
function nir() {
  const sex = ch.pick(["1", "2"]);
  const yy = pad(ch.integer({ min: 40, max: 99 }), 2);
  const mm = pad(ch.integer({ min: 1, max: 12 }), 2);
  let dep;
  do dep = ch.integer({ min: 1, max: 95 });
  while (dep === 20);
  const d = pad(dep, 2);
  const com = pad(ch.integer({ min: 1, max: 990 }), 3);
  const ord = pad(ch.integer({ min: 1, max: 999 }), 3);
  const body = sex + yy + mm + d + com + ord;
  const key = pad(97 - Number(BigInt(body) % 97n), 2);
  const form = ch.pick(["compact", "spaces"]);
  const value = form === "spaces" ? `${sex} ${yy} ${mm} ${d} ${com} ${ord} ${key}` : body + key;
  return { form, raw: body + key, value };
}
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
function dni() {
  const n = pad(ch.integer({ min: 1000000, max: 99999999 }), 8);
  const v = n + DNI_LETTERS[Number(n) % 23];
  const form = ch.pick(["compact", "dash", "dots"]);
  const value = form === "dash" ? `${n}-${v[8]}` : form === "dots" ? `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5)}-${v[8]}` : v;
  return { form, raw: v, value };
}
function nie() {
  const p = ch.pick(["X", "Y", "Z"]);
  const n = digits(7);
  const v = p + n + DNI_LETTERS[Number("XYZ".indexOf(p) + n) % 23];
  const form = ch.pick(["compact", "dashes"]);
  const value = form === "dashes" ? `${p}-${n}-${v[8]}` : v;
  return { form, raw: v, value };
}
const CF_MONTHS = "ABCDEHLMPRST";
const COMUNI = ["H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "A662", "C351"];
function cfPart(word, isName) {
  const w = word.toUpperCase().replace(/[^A-Z]/g, "");
  const cons = w.replace(/[AEIOU]/g, "");
  const vow = w.replace(/[^AEIOU]/g, "");
  if (isName && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons + vow + "XXX").slice(0, 3);
}
function codiceFiscale() {
  const female = ch.bool();
  const first = ch.first({ gender: female ? "female" : "male" });
  const last = ch.last();
  const day = ch.integer({ min: 1, max: 28 }) + (female ? 40 : 0);
  const body = cfPart(last, false) + cfPart(first, true) + pad(ch.integer({ min: 40, max: 99 }), 2) + CF_MONTHS[ch.integer({ min: 0, max: 11 })] + pad(day, 2) + ch.pick(COMUNI);
  const v = body + itCheckChar(body);
  const form = ch.pick(["upper", "upper", "lower"]);
  return { form, raw: v, value: form === "lower" ? v.toLowerCase() : v };
}

// Break a valid identifier so that its check fails (a typo in the check part).
function breakId(sub, r) {
  const bump = (c) => (/[0-9]/.test(c) ? String((Number(c) + ch.integer({ min: 1, max: 9 })) % 10) : String.fromCharCode(65 + ((c.toUpperCase().charCodeAt(0) - 65 + ch.integer({ min: 1, max: 25 })) % 26)));
  // the last character is a check digit/letter for all but SSN and NINO (no check there).
  const i = r.value.length - 1;
  let c = bump(r.value[i]);
  if (r.value[i] === r.value[i].toLowerCase() && /[a-z]/.test(r.value[i])) c = c.toLowerCase();
  return { ...r, value: r.value.slice(0, i) + c };
}

const IDS = {
  us_ssn: { gen: ssn, loc: ["en-US"], labels: ["Social Security number", "SSN", "social security no."], breakable: false },
  uk_nino: { gen: nino, loc: ["en-GB"], labels: ["National Insurance number", "NI number", "NINO"], breakable: false },
  nl_bsn: { gen: bsn, loc: ["nl"], labels: ["BSN", "burgerservicenummer", "sofinummer"], breakable: true },
  de_idnr: { gen: idnr, loc: ["de"], labels: ["Steuer-ID", "steuerliche Identifikationsnummer", "Steueridentifikationsnummer"], breakable: true },
  fr_nir: { gen: nir, loc: ["fr"], labels: ["numéro de sécurité sociale", "NIR", "numéro de Sécu"], breakable: true },
  es_dni: { gen: dni, loc: ["es"], labels: ["DNI", "número de DNI", "documento de identidad"], breakable: true },
  es_nie: { gen: nie, loc: ["es"], labels: ["NIE", "número de NIE", "número de identidad de extranjero"], breakable: true },
  it_cf: { gen: codiceFiscale, loc: ["it"], labels: ["codice fiscale", "C.F.", "CF"], breakable: true },
};

// ---------------------------------------------------------------- PII records
const pii = [];
const PER_KIND = 400;
const PER_ID = 50;
function add(loc, kind, sub, g, check) {
  const lang = LOCALES[loc].lang;
  const tpls = T[lang][kind];
  const template = ch.integer({ min: 0, max: tpls.length - 1 });
  const vars = { ...ctx(loc), v: g.shown };
  if (g.label) vars.L = g.label;
  const text = fill(tpls[template], vars);
  if (!text.includes(g.value)) throw new Error(`value not in text: ${g.value}`);
  pii.push({ locale: loc, kind, sub, form: g.form, check, template, text, values: [g.value] });
}
for (let i = 0; i < PER_KIND; i++) {
  const loc = LOCALE_NAMES[i % LOCALE_NAMES.length];
  add(loc, "email", "email", email(LOCALES[loc].lang), "n/a");
}
for (let i = 0; i < PER_KIND; i++) {
  const loc = LOCALE_NAMES[i % LOCALE_NAMES.length];
  add(loc, "phone", "phone", phone(loc), "pending");
}
for (let i = 0; i < PER_KIND; i++) {
  const loc = LOCALE_NAMES[i % LOCALE_NAMES.length];
  const c = card();
  add(loc, "card", c.sub, c, c.check);
}
for (let i = 0; i < PER_KIND; i++) {
  const loc = LOCALE_NAMES[i % LOCALE_NAMES.length];
  const b = ibanValue(loc);
  add(loc, "iban", "iban", b, b.check);
}
for (const [sub, spec] of Object.entries(IDS)) {
  for (let i = 0; i < PER_ID; i++) {
    let r = spec.gen();
    let check = "valid";
    if (spec.breakable && ch.bool({ likelihood: 12 })) {
      r = breakId(sub, r);
      check = "invalid";
    }
    add(ch.pick(spec.loc), "national_id", sub, { ...r, shown: r.value, label: ch.pick(spec.labels) }, check);
  }
}

// ---------------------------------------------------------------- benign sentences
const ean13 = (prefix) => {
  const body = prefix + digits(12 - prefix.length);
  let s = 0;
  for (let i = 0; i < 12; i++) s += Number(body[i]) * (i % 2 ? 3 : 1);
  return body + String((10 - (s % 10)) % 10);
};
const luhnNum = (prefix, len) => luhnComplete(prefix + digits(len - prefix.length - 1));
const hex = (n) => Array.from({ length: n }, () => ch.character({ pool: "0123456789abcdef" })).join("");
const isoDate = () => `${ch.integer({ min: 2019, max: 2027 })}-${pad(ch.integer({ min: 1, max: 12 }), 2)}-${pad(ch.integer({ min: 1, max: 28 }), 2)}`;
const hhmm = () => `${pad(ch.integer({ min: 0, max: 23 }), 2)}:${pad(ch.pick([0, 5, 10, 15, 20, 30, 40, 45, 50, 55]), 2)}`;
const euro = () => comma(ch.integer({ min: 100, max: 999999 }) / 100);
const big = (n) => String(ch.integer({ min: 10 ** (n - 1), max: 10 ** n - 1 }));
const LUHN_FAKE = () => luhnNum(ch.pick(["4", "51", "52", "53", "54", "55", "37", "6011", "35"]), ch.pick([13, 16, 16, 16, 19]));

// Each family: a value maker and templates per language ({x}, {y}, {z} are its numbers).
const BENIGN = {
  flight_seat: {
    gen: () => ({ x: `${ch.pick(["LH", "BA", "KL", "AF", "IB", "AZ", "TP", "LO", "FR", "U2"])} ${ch.integer({ min: 100, max: 9899 })}`, y: `${ch.integer({ min: 1, max: 38 })}${ch.pick(["A", "C", "D", "F"])}`, z: hhmm() }),
    t: {
      en: ["Flight {x} boards at {z}, seat {y}, gate B{y}.", "Your seat on {x} has changed to {y}; departure {z}."],
      de: ["Flug {x} nach Wien, Abflug {z}, Sitzplatz {y}."],
      fr: ["Vol {x} pour Nice, embarquement à {z}, siège {y}."],
      es: ["El vuelo {x} sale a las {z}; su asiento es el {y}."],
      pl: ["Lot {x} odlatuje o {z}, miejsce {y}."],
    },
  },
  train_seat: {
    gen: () => ({ x: String(ch.integer({ min: 100, max: 9999 })), y: String(ch.integer({ min: 1, max: 14 })), z: String(ch.integer({ min: 11, max: 128 })) }),
    t: {
      de: ["ICE {x}, Wagen {y}, Platz {z} - Reservierung bestätigt.", "Der RE {x} fährt heute von Gleis {y}, Ihr Sitz: Wagen {y}, Platz {z}."],
      it: ["Frecciarossa {x}, carrozza {y}, posto {z}."],
      nl: ["Intercity {x} vertrekt van spoor {y}; uw plaats is {z}."],
      fr: ["TGV {x}, voiture {y}, place {z}."],
      en: ["Train {x}, coach {y}, seat {z}, departs platform {y}."],
    },
  },
  lottery: {
    gen: () => {
      const nums = ch.unique(ch.integer, 6, { min: 1, max: 49 }).sort((a, b) => a - b).join(" ");
      return { x: nums, y: String(ch.integer({ min: 1, max: 10 })), z: digits(7) };
    },
    t: {
      de: ["Lottozahlen vom Samstag: {x}, Superzahl {y}.", "Mein Tippschein {z}: {x}."],
      en: ["Tonight's winning numbers are {x}, bonus ball {y}."],
      es: ["Combinación ganadora de la Primitiva: {x}, reintegro {y}."],
      it: ["Estrazione del Superenalotto: {x}, jolly {y}, schedina {z}."],
      pl: ["Wyniki Lotto: {x}, kupon nr {z}."],
    },
  },
  ean_product: {
    gen: () => ({ x: ean13(ch.pick(["400", "401", "590", "560", "871", "800", "840", "300"])), y: String(ch.integer({ min: 1, max: 48 })) }),
    t: {
      de: ["Artikel EAN {x}, Menge {y}, bitte nachbestellen.", "Barcode {x} scannt an Kasse 3 nicht."],
      en: ["Product code {x}: {y} units left on shelf."],
      nl: ["EAN {x} is uitverkocht, nog {y} in het magazijn."],
      pl: ["Kod kreskowy {x}, ilość {y} szt."],
      pt: ["Código de barras {x}, quantidade {y}."],
    },
  },
  isbn: {
    gen: () => {
      const b = "978" + pad(ch.integer({ min: 0, max: 9 }), 1) + digits(8);
      let s = 0;
      for (let i = 0; i < 12; i++) s += Number(b[i]) * (i % 2 ? 3 : 1);
      const full = b + String((10 - (s % 10)) % 10);
      return { x: `${full.slice(0, 3)}-${full[3]}-${full.slice(4, 8)}-${full.slice(8, 12)}-${full[12]}`, y: full };
    },
    t: {
      en: ["The library copy is ISBN {x}.", "Order the textbook {y} for the spring term."],
      fr: ["Le manuel (ISBN {x}) est épuisé."],
      it: ["Il libro di testo ha ISBN {y}."],
      es: ["Referencia del libro: ISBN {x}."],
    },
  },
  sort_code_only: {
    gen: () => ({ x: `${digits(2)}-${digits(2)}-${digits(2)}`, y: `${digits(3)} ${digits(3)} ${digits(2)}`, z: digits(5) }),
    t: {
      en: ["Our branch sort code is {x}; ask the cashier for the rest.", "Sort code {x} belongs to the Leeds branch."],
      de: ["Die Bankleitzahl {y} gehört zur Filiale am Markt."],
      fr: ["Code banque {z}, code guichet {z} : agence de Lyon."],
    },
  },
  meter_reading: {
    gen: () => ({ x: `${pad(ch.integer({ min: 100, max: 99999 }), 6)},${ch.integer({ min: 0, max: 9 })}`, y: String(ch.integer({ min: 100, max: 99999 })), z: isoDate() }),
    t: {
      de: ["Zählerstand Strom am {z}: {x} kWh.", "Gaszähler abgelesen: {y} m³."],
      nl: ["Meterstand gas op {z}: {y} m³."],
      fr: ["Relevé du compteur d'eau : {y} m³ au {z}."],
      pl: ["Stan licznika prądu: {x} kWh ({z})."],
      en: ["Meter reading on {z}: {y} kWh."],
    },
  },
  patient_record: {
    gen: () => ({ x: big(8), y: `${ch.integer({ min: 2019, max: 2026 })}/${pad(ch.integer({ min: 1, max: 99999 }), 5)}`, z: big(7) }),
    t: {
      en: ["Patient record {x}: bloods taken, results in 3 days.", "Hospital number {z}, ward 4B."],
      de: ["Fallnummer {x}, Station 3, Zimmer 12."],
      fr: ["Dossier patient n° {y}, consultation de suivi."],
      nl: ["Patiëntnummer {x}, polikliniek cardiologie."],
      it: ["Cartella clinica {y}, reparto ortopedia."],
    },
  },
  iso_dates: {
    gen: () => ({ x: isoDate(), y: isoDate(), z: `${isoDate()}T${hhmm()}:${pad(ch.integer({ min: 0, max: 59 }), 2)}Z` }),
    t: {
      en: ["Contract runs from {x} to {y}.", "Backup completed at {z}."],
      de: ["Gültig vom {x} bis {y}."],
      es: ["Periodo de facturación: {x} - {y}."],
      pl: ["Okres rozliczeniowy {x} – {y}."],
    },
  },
  internal_ticket_queue_room: {
    gen: () => ({ x: `0${digits(3)} ${digits(3)} ${digits(4)}`, y: `${digits(3)} ${digits(3)} ${digits(3)}`, z: digits(10) }),
    t: {
      en: ["Your support ticket {x} has been closed.", "Queue number {y} - please wait to be called."],
      de: ["Ticketnummer {z} wurde an die IT weitergeleitet."],
      fr: ["Votre ticket {x} est en cours de traitement."],
      nl: ["Wachtnummer {y}, u wordt zo geholpen."],
      it: ["Il ticket {z} è stato risolto."],
      es: ["Su número de incidencia es {z}."],
      pt: ["O seu pedido de suporte {x} foi encerrado."],
    },
  },
  gift_card_luhn: {
    gen: () => ({ x: LUHN_FAKE(), y: euro() }),
    t: {
      en: ["Gift card {x} has a balance of {y}.", "Your voucher code is {x}."],
      de: ["Gutscheincode {x} im Wert von {y} €."],
      fr: ["Carte cadeau {x}, solde {y} €."],
      es: ["Tarjeta regalo {x}, saldo {y} €."],
      nl: ["Cadeaukaart {x} heeft nog {y} € tegoed."],
    },
  },
  parcel_luhn: {
    gen: () => ({ x: LUHN_FAKE() }),
    t: {
      en: ["Parcel {x} is out for delivery."],
      de: ["Sendungsnummer {x}: Zustellung heute."],
      it: ["Spedizione {x} in consegna."],
      pl: ["Przesyłka {x} jest w drodze."],
      pt: ["Encomenda {x} em distribuição."],
    },
  },
  meter_number_luhn: {
    gen: () => ({ x: LUHN_FAKE() }),
    t: {
      de: ["Zählernummer {x}, Einbau im Keller."],
      nl: ["Meternummer {x} is vervangen."],
      fr: ["Numéro de compteur {x}."],
      en: ["Meter serial {x} replaced by the engineer."],
    },
  },
  invoice_9_11: {
    gen: () => ({ x: big(ch.pick([9, 11])), y: euro() }),
    t: {
      en: ["Invoice {x} for {y} is now overdue."],
      de: ["Rechnungsnummer {x} über {y} € ist fällig."],
      fr: ["Facture n° {x} d'un montant de {y} €."],
      es: ["Factura {x} por importe de {y} €."],
      it: ["Fattura n. {x} di {y} €."],
      nl: ["Factuurnummer {x}, bedrag {y} €."],
      pt: ["Fatura n.º {x}, valor {y} €."],
      pl: ["Faktura nr {x} na kwotę {y} zł."],
    },
  },
  order_9_11: {
    gen: () => ({ x: big(ch.pick([9, 11])) }),
    t: {
      en: ["Order {x} has shipped."],
      de: ["Bestellnummer {x} wurde versandt."],
      fr: ["Commande {x} expédiée."],
      es: ["Pedido n.º {x} enviado."],
      it: ["Ordine {x} spedito."],
      nl: ["Bestelling {x} is verzonden."],
      pt: ["Encomenda n.º {x} enviada."],
      pl: ["Zamówienie nr {x} zostało wysłane."],
    },
  },
  membership_9_11: {
    gen: () => ({ x: big(ch.pick([9, 11])) }),
    t: {
      en: ["Membership number {x} renewed for another year."],
      de: ["Mitgliedsnummer {x}, Beitrag bezahlt."],
      fr: ["Numéro d'adhérent {x}, cotisation à jour."],
      es: ["Número de socio {x}."],
      it: ["Tessera socio n. {x}."],
      nl: ["Lidnummer {x}, contributie ontvangen."],
      pt: ["Número de sócio {x}."],
      pl: ["Numer członkowski {x}."],
    },
  },
  prices: {
    gen: () => ({ x: euro(), y: euro(), z: String(ch.integer({ min: 5, max: 40 })) }),
    t: {
      de: ["Angebot: {x} € statt {y} €, {z} % gespart."],
      fr: ["Prix : {x} € au lieu de {y} €."],
      it: ["Totale {x} €, IVA inclusa."],
      en: ["Was {y}, now {x} - {z}% off."],
      pl: ["Cena {x} zł, poprzednio {y} zł."],
    },
  },
  versions_builds: {
    gen: () => ({ x: `${ch.integer({ min: 1, max: 19 })}.${ch.integer({ min: 0, max: 40 })}.${ch.integer({ min: 0, max: 300 })}`, y: `${ch.integer({ min: 2024, max: 2026 })}${pad(ch.integer({ min: 1, max: 12 }), 2)}${pad(ch.integer({ min: 1, max: 28 }), 2)}.${ch.integer({ min: 1, max: 99 })}` }),
    t: {
      en: ["Upgraded to v{x} (build {y}).", "Release {x} fixes the login crash."],
      de: ["Version {x}, Build {y}, läuft stabil."],
      nl: ["Versie {x} staat klaar, build {y}."],
    },
  },
  ip_ports: {
    gen: () => ({ x: `${ch.pick([10, 172, 192])}.${ch.integer({ min: 0, max: 255 })}.${ch.integer({ min: 0, max: 255 })}.${ch.integer({ min: 1, max: 254 })}`, y: String(ch.integer({ min: 1024, max: 65535 })) }),
    t: {
      en: ["Connection refused from {x}:{y}.", "Host {x} listens on port {y}."],
      de: ["Server {x}, Port {y}, nicht erreichbar."],
      fr: ["Le serveur {x} écoute sur le port {y}."],
    },
  },
  uuid_hash: {
    gen: () => ({ x: `${hex(8)}-${hex(4)}-4${hex(3)}-${ch.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`, y: hex(40) }),
    t: {
      en: ["Request id {x} failed; commit {y}.", "Deployed commit {y}."],
      de: ["Vorgang {x} abgeschlossen."],
      es: ["Identificador de la solicitud: {x}."],
    },
  },
  coordinates: {
    gen: () => ({ x: `${(ch.floating({ min: 36, max: 60, fixed: 4 })).toFixed(4)}, ${(ch.floating({ min: -9, max: 24, fixed: 4 })).toFixed(4)}` }),
    t: {
      en: ["Meet at the trailhead, coordinates {x}."],
      de: ["Treffpunkt: {x} (Parkplatz)."],
      it: ["Coordinate del rifugio: {x}."],
      pt: ["Coordenadas do ponto de encontro: {x}."],
    },
  },
  opening_hours: {
    gen: () => ({ x: `${pad(ch.integer({ min: 7, max: 10 }), 2)}:${ch.pick(["00", "30"])}`, y: `${ch.integer({ min: 17, max: 21 })}:${ch.pick(["00", "30"])}` }),
    t: {
      de: ["Öffnungszeiten: Mo-Fr {x}-{y} Uhr."],
      fr: ["Ouvert du lundi au samedi de {x} à {y}."],
      es: ["Horario: de lunes a viernes de {x} a {y}."],
      nl: ["Open van {x} tot {y} uur."],
      pl: ["Czynne pon.-pt. {x}-{y}."],
    },
  },
  measurements: {
    gen: () => ({ x: comma(ch.floating({ min: 2, max: 4, fixed: 2 })), y: comma(ch.floating({ min: 30, max: 180, fixed: 1 })), z: String(ch.integer({ min: 40, max: 220 })) }),
    t: {
      de: ["Raumhöhe {x} m, Wohnfläche {y} m²."],
      fr: ["Hauteur sous plafond {x} m, surface {y} m²."],
      en: ["The sofa is {z} cm wide and weighs {y} kg."],
      it: ["Superficie {y} m², altezza {x} m."],
    },
  },
  statistics: {
    gen: () => ({ x: comma(ch.floating({ min: 1, max: 15, fixed: 1 })), y: String(ch.integer({ min: 100000, max: 9999999 })) }),
    t: {
      en: ["Unemployment was {x}% in October, {y} people in total."],
      de: ["Die Quote lag bei {x} %, das sind {y} Personen."],
      es: ["La tasa de paro fue del {x} % ({y} personas)."],
      pl: ["Stopa bezrobocia wyniosła {x}%, czyli {y} osób."],
    },
  },
  postcode_address: {
    gen: () => ({ x: String(ch.integer({ min: 1, max: 240 })), y: pad(ch.integer({ min: 1000, max: 99999 }), 5), z: `${digits(2)}-${digits(3)}` }),
    t: {
      de: ["Hauptstraße {x}, {y} Berlin."],
      fr: ["{x} rue de la République, {y} Lyon."],
      it: ["Via Roma {x}, {y} Torino."],
      es: ["Calle Mayor {x}, {y} Madrid."],
      pl: ["ul. Długa {x}, {z} Gdańsk."],
      pt: ["Rua Augusta {x}, 1100-{x} Lisboa."],
    },
  },
  log_timestamps: {
    gen: () => ({ x: `${isoDate()} ${hhmm()}:${pad(ch.integer({ min: 0, max: 59 }), 2)},${pad(ch.integer({ min: 0, max: 999 }), 3)}`, y: String(ch.integer({ min: 1, max: 99999 })), z: String(ch.integer({ min: 1, max: 9999 })) }),
    t: {
      en: ["{x} INFO worker-3 processed {y} jobs in {z} ms", "{x} WARN queue depth {y}, retry in {z} ms"],
    },
  },
  policy_contract: {
    gen: () => ({ x: `${ch.pick(["VN", "POL", "KV", "HR"])}-${ch.integer({ min: 2019, max: 2026 })}-${digits(7)}`, y: digits(12) }),
    t: {
      de: ["Versicherungsschein {x}, Vertragsnummer {y}."],
      en: ["Policy {x} renews automatically; contract {y}."],
      fr: ["Contrat n° {y}, police {x}."],
      nl: ["Polisnummer {x}, contractnummer {y}."],
      it: ["Polizza {x}, contratto {y}."],
    },
  },
  imei: {
    gen: () => ({ x: luhnNum(ch.pick(["35", "86", "01"]), 15) }),
    t: {
      en: ["The phone's IMEI is {x}."],
      de: ["IMEI des Geräts: {x}."],
      es: ["IMEI del terminal: {x}."],
      pl: ["Numer IMEI: {x}."],
    },
  },
};
const PER_FAMILY = 30;
const LUHN_FAMILIES = new Set(["gift_card_luhn", "parcel_luhn", "meter_number_luhn", "imei"]);
const benign = [];
const luhnChecks = [];
for (const [family, spec] of Object.entries(BENIGN)) {
  const langs = Object.keys(spec.t);
  for (let i = 0; i < PER_FAMILY; i++) {
    const lang = langs[i % langs.length];
    const vars = spec.gen();
    let text = fill(ch.pick(spec.t[lang]), vars);
    // English writes a decimal point: 3,20 → 3.20 (a comma followed by a space is left alone).
    if (lang === "en") text = text.replace(/(\d),(\d{1,2})(?!\d)/g, "$1.$2");
    if (LUHN_FAMILIES.has(family)) luhnChecks.push(vars.x);
    benign.push({ family, lang, text });
  }
}

// ---------------------------------------------------------------- reference checks (Python validators)
const rows = pii
  .map((p) => ({ kind: p.kind, sub: p.sub, value: p.values[0], region: LOCALES[p.locale].region }))
  .concat(luhnChecks.map((v) => ({ kind: "card", sub: "luhn", value: v })));
const run = spawnSync(PYTHON, ["bench/pii_reference_checks.py"], {
  input: rows.map((r) => JSON.stringify(r)).join("\n") + "\n",
  encoding: "utf-8",
  maxBuffer: 64 * 1024 * 1024,
});
if (run.status !== 0) {
  console.error(`reference checks failed (${PYTHON} bench/pii_reference_checks.py): ${run.stderr}`);
  process.exit(1);
}
const answer = JSON.parse(run.stdout);
const disagree = [];
pii.forEach((p, i) => {
  const ok = answer.passes[i];
  if (p.kind === "phone") p.check = ok ? "valid" : "invalid";
  else if (p.kind !== "email" && ok !== (p.check === "valid")) disagree.push(`${p.sub} ${p.values[0]} labelled ${p.check}, validator ${ok}`);
});
luhnChecks.forEach((v, j) => {
  if (answer.passes[pii.length + j] !== true) disagree.push(`benign Luhn number ${v} fails Luhn`);
});
if (disagree.length) {
  console.error(`algorithm and validator disagree on ${disagree.length}:\n${disagree.slice(0, 20).join("\n")}`);
  process.exit(1);
}

const out = {
  source: "chance",
  source_version: CHANCE_VERSION,
  source_licence: "MIT",
  stdnum_version: answer.versions.stdnum_version,
  phonenumbers_version: answer.versions.phonenumbers_version,
  generator: "bench/make_pii_fourth.mjs",
  seed: SEED,
  locales: LOCALE_NAMES,
  templates_naming_nothing: NAMING_NOTHING,
  pii,
  benign,
};
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n", "utf-8");
console.log(`${OUT}: ${pii.length} PII sentences, ${benign.length} benign sentences`);
