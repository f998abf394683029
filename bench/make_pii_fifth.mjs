// Fifth blind held-out PII corpus (issue #17) -> bench/data/pii_fifth.json
//
// Why: the PII engine's quality may only be reported on data nobody tuned it on. This corpus
// comes from a generator not used before (npm @ngneat/falso 8.0.2, MIT licence, see its
// package.json), the public algorithms for IBANs (ISO 13616 mod 97, with the Belgian and
// Spanish national check digits that python-stdnum checks) and the eight national ids, and
// sentence templates written from scratch, without reading the detectors or other corpora.
//
// Run (Node 20):
//   mkdir -p /tmp/pii5 && cd /tmp/pii5 && npm init -y && npm i @ngneat/falso@8.0.2
//   PII5_NODE_DIR=/tmp/pii5 PYTHON=/work/main/.venv/bin/python node bench/make_pii_fifth.mjs [out]
// Seed 20261210 (falso's seed and this script's own PRNG). Same inputs -> same file, byte for
// byte. Labels ("check") come from bench/pii_reference_checks.py (python-stdnum, phonenumbers,
// Luhn; validators only, never a phaseone detector), run once over every value.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

const SEED = 20261210;
const NODE_DIR = process.env.PII5_NODE_DIR || "/tmp/pii5";
const require = createRequire(path.join(NODE_DIR, "package.json"));
const falso = require("@ngneat/falso");
const FALSO_VERSION = require("@ngneat/falso/package.json").version;
if (FALSO_VERSION !== "8.0.2") throw new Error(`need @ngneat/falso 8.0.2, found ${FALSO_VERSION}`);
falso.seed(String(SEED));

// mulberry32: our own choices, independent of falso's internals
let s = SEED >>> 0;
function rnd() {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const ri = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const digits = (n) => Array.from({ length: n }, () => ri(0, 9)).join("");
const pad = (x, n) => String(x).padStart(n, "0");

const LOCALES = ["en-US", "en-GB", "en-IE", "de", "de-AT", "de-CH", "fr", "fr-BE", "es", "it", "nl", "nl-BE", "pt-PT", "pl"];
const REGION = { de: "DE", fr: "FR", es: "ES", it: "IT", nl: "NL", pl: "PL" };
const region = (loc) => (loc.includes("-") ? loc.split("-")[1] : REGION[loc]);
const lang = (loc) => loc.split("-")[0];

// ---------- algorithms ----------
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = +body[body.length - 1 - i];
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
const luhnNumber = (prefix, len) => { const b = prefix + digits(len - 1 - prefix.length); return b + luhnDigit(b); };
function mod97(str) { let r = 0; for (const c of str) r = (r * 10 + +c) % 97; return r; }
const toNum = (x) => x.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
function ibanOf(cc, bban) { const m = mod97(toNum(bban + cc + "00")); return cc + pad(98 - m, 2) + bban; }
const UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const letters = (n) => Array.from({ length: n }, () => pick(UP)).join("");
function esDc(ds) { const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]; let t = 0; for (let i = 0; i < 10; i++) t += +ds[i] * w[i]; const c = 11 - (t % 11); return c === 11 ? 0 : c === 10 ? 1 : c; }
const BBAN = {
  DE: () => digits(18), AT: () => digits(16), CH: () => digits(17), PL: () => digits(24), PT: () => digits(21),
  GB: () => pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(14),
  IE: () => pick(["AIBK", "BOFI", "IPBS"]) + digits(14),
  NL: () => pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + digits(10),
  IT: () => pick(UP.split("")) + digits(10) + digits(12),
  FR: () => { const b = digits(5), g = digits(5), a = digits(11); const k = 97 - Number((89n * BigInt(b) + 15n * BigInt(g) + 3n * BigInt(a)) % 97n); return b + g + a + pad(k, 2); },
  // python-stdnum also checks the Belgian bank code against its register: use issued ones
  BE: () => { const ten = pick(["001", "050", "063", "068", "096", "103", "230", "290", "310", "363", "651", "733", "735", "750"]) + digits(7); let c = Number(BigInt(ten) % 97n); if (c === 0) c = 97; return ten + pad(c, 2); },
  ES: () => { const bb = digits(8), acc = digits(10); return bb + esDc("00" + bb) + esDc(acc) + acc; },
};
const IBAN_CC = { "en-US": ["GB", "DE", "FR"], "en-GB": ["GB"], "en-IE": ["IE"], de: ["DE"], "de-AT": ["AT"], "de-CH": ["CH"], fr: ["FR"], "fr-BE": ["BE"], es: ["ES"], it: ["IT"], nl: ["NL"], "nl-BE": ["BE"], "pt-PT": ["PT"], pl: ["PL"] };

const ID = {
  us_ssn: () => { let a; do a = ri(1, 899); while (a === 666); return pad(a, 3) + pad(ri(1, 99), 2) + pad(ri(1, 9999), 4); },
  uk_nino: () => pick("ABCEGHJKLMNOPRSTWXYZ".split("")) + pick("ABCEGHJKLMNPRSTWXYZ".split("")) + digits(6) + pick(["A", "B", "C", "D"]),
  nl_bsn: () => { for (;;) { const d = digits(8); let t = 0; for (let i = 0; i < 8; i++) t += +d[i] * (9 - i); const c = t % 11; if (c < 10 && +d[0] + c > 0) return d + c; } },
  de_idnr: () => { for (;;) { const ds = "0123456789".split(""); for (let i = 9; i > 0; i--) { const j = ri(0, i); [ds[i], ds[j]] = [ds[j], ds[i]]; } const ten = ds.slice(0, 9); ten.push(pick(ten)); for (let i = 9; i > 0; i--) { const j = ri(0, i); [ten[i], ten[j]] = [ten[j], ten[i]]; } if (ten[0] === "0") continue; let p = 10; for (const c of ten) { let x = (+c + p) % 10; if (x === 0) x = 10; p = (x * 2) % 11; } let k = 11 - p; if (k === 10) k = 0; return ten.join("") + k; } },
  fr_nir: () => { const b = String(ri(1, 2)) + pad(ri(40, 99), 2) + pad(ri(1, 12), 2) + pad(pick([1, 13, 31, 33, 44, 59, 67, 69, 75, 92, 93]), 2) + pad(ri(1, 900), 3) + pad(ri(1, 999), 3); return b + pad(97 - Number(BigInt(b) % 97n), 2); },
  es_dni: () => { const n = digits(8); return n + "TRWAGMYFPDXBNJZSQVHLCKE"[Number(n) % 23]; },
  es_nie: () => { const p = pick(["X", "Y", "Z"]), n = digits(7); return p + n + "TRWAGMYFPDXBNJZSQVHLCKE"[Number(String("XYZ".indexOf(p)) + n) % 23]; },
  it_cf: () => {
    const cons = "BCDFGHLMNPRSTVZ";
    const body = Array.from({ length: 6 }, () => pick(cons.split(""))).join("") + pad(ri(40, 99), 2) + pick("ABCDEHLMPRST".split("")) + pad(ri(1, 28) + (rnd() < 0.5 ? 40 : 0), 2) + pick(["F", "H", "L", "A", "G"]) + pad(ri(100, 999), 3);
    const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let t = 0;
    for (let i = 0; i < 15; i++) { const c = body[i]; const v = /\d/.test(c) ? +c : c.charCodeAt(0) - 65; t += i % 2 === 0 ? odd[v] : v; }
    return body + UP[t % 26];
  },
};
const ID_LOCALE = { us_ssn: "en-US", uk_nino: "en-GB", nl_bsn: "nl", de_idnr: "de", fr_nir: "fr", es_dni: "es", es_nie: "es", it_cf: "it" };

// damage: change the last digit (or letter) so the reference check most likely fails
function damage(v) {
  for (let i = v.length - 1; i >= 0; i--) {
    if (/\d/.test(v[i])) return v.slice(0, i) + String((+v[i] + ri(1, 9)) % 10) + v.slice(i + 1);
    if (/[A-Z]/.test(v[i])) return v.slice(0, i) + UP[(v.charCodeAt(i) - 65 + ri(1, 25)) % 26] + v.slice(i + 1);
  }
  return v;
}
const groups = (x, n, sep = " ") => x.match(new RegExp(`.{1,${n}}`, "g")).join(sep);

// ---------- templates: {V} the value, {N} a person's name. Indexes 3 and 4 name nothing. ----------
const T = {
  en: {
    email: ["Landlord note: tenant {N} wants the deposit receipt sent to her email {V} by Friday.", "Helpdesk #ticket: user can't log in, reset link should go to e-mail address {V}.", "Receptionist: Dr Patel's patient {N} asked us to use the email {V} for appointment reminders.", "hey its {N} lol new one is {V} use that from now", "{N} | Onboarding | {V} | start 03/02"],
    phone: ["Call-centre note: customer {N} asks for a callback on {V} after 5pm.", "School office: please ring {N}'s mum on her mobile {V} if he's unwell.", "Return label issue - courier will phone the buyer at {V} tomorrow.", "text me when ur outside {V} x", "{N}\nFlat 2, 14 Mill Lane\n{V}"],
    card: ["Booking agent: the hotel was guaranteed with card number {V}, expiry 09/28.", "Returns desk: refund goes back to the Visa/Mastercard ending in the card {V}.", "Helpdesk ticket: customer pasted her credit card {V} into the chat by mistake.", "can u pay the taxi, use {V} exp 11/27", "order 88213, {N}, {V}, 2 items"],
    iban: ["HR onboarding: salary will be paid into IBAN {V} from next month.", "Landlord: rent goes to my account, IBAN {V}, reference 'Flat 3'.", "Refund for the cancelled trip will be sent to bank account {V}.", "pls send the £40 for the school trip to {V} ta", "{N};{V};2026-11-30;paid"],
  },
  de: {
    email: ["Notiz Hausverwaltung: Mieter {N} möchte die Nebenkostenabrechnung per E-Mail an {V}.", "Praxis Dr. Weber: Frau {N} bittet um Terminerinnerung an die Mailadresse {V}.", "Ticket 4471: Passwort-Link bitte an die E-Mail-Adresse {V} schicken.", "hab jetzt {V}, die alte geht nicht mehr 🙈", "Mit freundlichen Grüßen\n{N}\n{V}"],
    phone: ["Rückrufbitte: Herr {N} ist ab 14 Uhr unter der Telefonnummer {V} erreichbar.", "Schule: im Notfall bitte die Mutter unter Handy {V} anrufen.", "Paket konnte nicht zugestellt werden, Fahrer ruft unter Tel. {V} an.", "bin gleich da, ruf {V} an wenn was ist", "{N} · Vertrieb · {V}"],
    card: ["Reisebüro: Buchung mit Kreditkarte {V} garantiert, gültig bis 04/29.", "Retoure: Erstattung erfolgt auf die Karte {V}.", "Hotline-Notiz: Kunde hat seine Kartennummer {V} im Chat genannt.", "kannst du das zahlen? {V} läuft 07/28 ab", "{N};{V};Bestellung 2231"],
    iban: ["Personalabteilung: Gehalt bitte auf IBAN {V} überweisen.", "Vermieter: Miete monatlich an mein Konto {V}, Verwendungszweck Wohnung 4.", "Erstattung der Stornogebühr auf die Bankverbindung {V}.", "schick die 20 € einfach an {V} danke!", "{N}\nBuchhaltung\n{V}"],
  },
  fr: {
    email: ["Note du propriétaire : le locataire {N} veut recevoir la quittance à l'adresse e-mail {V}.", "Cabinet médical : Mme {N} préfère les rappels par courriel à {V}.", "Ticket support : envoyer le lien de réinitialisation au mail {V}.", "c'est {N}, ma nouvelle adresse c'est {V} 😉", "Cordialement,\n{N}\n{V}"],
    phone: ["Centre d'appels : rappeler M. {N} au numéro de téléphone {V} après 18h.", "École : en cas de fièvre, appeler le portable de la maman {V}.", "Le livreur vous contactera au tél. {V} avant de passer.", "je suis en bas, {V} si tu trouves pas", "{N} — Service client — {V}"],
    card: ["Agence de voyages : réservation garantie par la carte bancaire {V}, exp. 06/28.", "Retour colis : remboursement sur la carte {V} sous 5 jours.", "Note SAV : le client a dicté son numéro de carte {V} au téléphone.", "tu peux payer avec {V} ? exp 12/27", "{N};{V};commande 5510"],
    iban: ["RH : le salaire sera versé sur l'IBAN {V} à partir de mars.", "Propriétaire : loyer à virer sur mon compte bancaire {V}.", "Remboursement du séjour annulé sur le RIB {V}.", "envoie les 15 € pour le cadeau sur {V} merci", "{N}\nComptabilité\n{V}"],
  },
  es: {
    email: ["Nota del casero: el inquilino {N} quiere el recibo en su correo electrónico {V}.", "Consulta: la paciente {N} pide recordatorios al email {V}.", "Incidencia 8812: enviar el enlace al correo {V}.", "oye soy {N}, ahora uso {V} apúntalo", "Un saludo,\n{N}\n{V}"],
    phone: ["Centro de llamadas: devolver la llamada a {N} en el teléfono {V}.", "Colegio: si se pone malo, llamar al móvil de su padre {V}.", "El repartidor llamará al número {V} antes de entregar.", "ya llegué, llámame al {V}", "{N} · Atención al cliente · {V}"],
    card: ["Agencia: la reserva quedó garantizada con la tarjeta de crédito {V}, caduca 05/29.", "Devolución: el reembolso irá a la tarjeta {V}.", "Nota: el cliente leyó su número de tarjeta {V} por teléfono.", "paga tú porfa con {V} cad 10/27", "{N};{V};pedido 7741"],
    iban: ["RR. HH.: la nómina se ingresará en el IBAN {V}.", "Casero: el alquiler a mi cuenta bancaria {V}, concepto piso 2B.", "El reembolso del viaje se hará a la cuenta {V}.", "pásame los 10 € a {V} gracias!!", "{N}\nAdministración\n{V}"],
  },
  it: {
    email: ["Nota del padrone di casa: l'inquilino {N} vuole la ricevuta all'indirizzo email {V}.", "Studio medico: la signora {N} chiede i promemoria alla mail {V}.", "Ticket assistenza: inviare il link di reset all'e-mail {V}.", "ciao sono {N}, ora uso {V} 👍", "Cordiali saluti\n{N}\n{V}"],
    phone: ["Call center: richiamare il sig. {N} al numero di telefono {V}.", "Scuola: in caso di febbre chiamare il cellulare della mamma {V}.", "Il corriere telefonerà al tel. {V} prima della consegna.", "sono sotto casa, {V} se non mi vedi", "{N} - Ufficio acquisti - {V}"],
    card: ["Agenzia viaggi: prenotazione garantita con la carta di credito {V}, scad. 03/29.", "Reso: il rimborso andrà sulla carta {V}.", "Nota assistenza: il cliente ha dettato il numero della carta {V}.", "paghi tu? usa {V} scade 08/28", "{N};{V};ordine 3309"],
    iban: ["Ufficio personale: lo stipendio sarà accreditato sull'IBAN {V}.", "Affitto da versare sul mio conto corrente {V}, causale appartamento 5.", "Rimborso del viaggio annullato sul conto {V}.", "mandami i 25 € su {V} grazie", "{N}\nAmministrazione\n{V}"],
  },
  nl: {
    email: ["Verhuurder: huurder {N} wil de afrekening op e-mailadres {V}.", "Huisartsenpraktijk: mevrouw {N} wil herinneringen via de mail {V}.", "Ticket 5521: resetlink sturen naar e-mail {V}.", "hoi, {N} hier, nieuw adres is {V}", "Met vriendelijke groet,\n{N}\n{V}"],
    phone: ["Klantenservice: {N} terugbellen op telefoonnummer {V} na 16.00 uur.", "School: bij ziekte de moeder bellen op haar mobiel {V}.", "De bezorger belt naar nummer {V} als niemand thuis is.", "ben er bijna, bel {V} als je me niet ziet", "{N} | Inkoop | {V}"],
    card: ["Reisbureau: boeking gegarandeerd met creditcard {V}, geldig tot 02/29.", "Retour: terugbetaling op de kaart {V}.", "Notitie: klant noemde zijn kaartnummer {V} aan de telefoon.", "kun jij betalen? {V} exp 09/27", "{N};{V};bestelling 6620"],
    iban: ["HR: salaris wordt overgemaakt op IBAN {V}.", "Verhuurder: huur maandelijks naar mijn rekening {V}, o.v.v. kamer 3.", "Terugbetaling van de geannuleerde reis naar rekeningnummer {V}.", "stuur die 12 euro even naar {V} thx", "{N}\nAdministratie\n{V}"],
  },
  pt: {
    email: ["Senhorio: o inquilino {N} quer o recibo no email {V}.", "Clínica: a D. {N} pede os lembretes para o endereço de e-mail {V}.", "Pedido de suporte: enviar a ligação de recuperação para o correio {V}.", "olá é a {N}, agora uso {V}", "Com os melhores cumprimentos,\n{N}\n{V}"],
    phone: ["Centro de contacto: ligar de volta ao Sr. {N} pelo telefone {V}.", "Escola: em caso de febre ligar para o telemóvel da mãe {V}.", "O estafeta vai ligar para o número {V} antes da entrega.", "já cheguei, liga {V}", "{N} · Apoio ao cliente · {V}"],
    card: ["Agência: reserva garantida com o cartão de crédito {V}, validade 01/29.", "Devolução: o reembolso vai para o cartão {V}.", "Nota: o cliente ditou o número do cartão {V} ao telefone.", "pagas tu? usa {V} val 06/27", "{N};{V};encomenda 4418"],
    iban: ["RH: o vencimento será pago no IBAN {V}.", "Senhorio: renda para a minha conta bancária {V}.", "O reembolso da viagem cancelada vai para a conta {V}.", "manda os 10 € para {V} obg", "{N}\nContabilidade\n{V}"],
  },
  pl: {
    email: ["Wynajmujący: najemca {N} prosi o rachunek na adres e-mail {V}.", "Rejestracja: pani {N} chce przypomnienia na maila {V}.", "Zgłoszenie 3310: link do resetu wysłać na e-mail {V}.", "cześć tu {N}, mój nowy to {V}", "Z poważaniem\n{N}\n{V}"],
    phone: ["Infolinia: oddzwonić do pana {N} pod numer telefonu {V}.", "Szkoła: w razie choroby dzwonić na komórkę mamy {V}.", "Kurier zadzwoni pod nr tel. {V} przed doręczeniem.", "jestem pod blokiem, {V} jak coś", "{N} · Dział obsługi · {V}"],
    card: ["Biuro podróży: rezerwacja zabezpieczona kartą kredytową {V}, ważna do 07/29.", "Zwrot: pieniądze wrócą na kartę {V}.", "Notatka: klient podał numer karty {V} przez telefon.", "zapłacisz? użyj {V} ważna 05/28", "{N};{V};zamówienie 9912"],
    iban: ["Kadry: wynagrodzenie będzie przelewane na IBAN {V}.", "Wynajmujący: czynsz na moje konto bankowe {V}, tytuł: mieszkanie 7.", "Zwrot za odwołaną podróż na rachunek {V}.", "przelej mi te 30 zł na {V} dzięki", "{N}\nKsięgowość\n{V}"],
  },
};
const IDT = {
  us_ssn: ["HR onboarding: new hire {N}, Social Security number {V}, W-4 received.", "Clinic intake: patient {N}, SSN {V}, insurance pending.", "Landlord screening: applicant gave her social security no. {V}.", "{N}, {V}, DOB 04/12/1988", "ok got it — {V} — will file today"],
  uk_nino: ["HR onboarding: {N}'s National Insurance number is {V}.", "Payroll query: NI number {V} missing from the P45.", "School admin: parent's NINO {V} for the free meals form.", "{N}, {V}, start date 6 Jan", "{V} thats mine for the form"],
  nl_bsn: ["Personeelszaken: BSN van {N} is {V}.", "Huisarts: patiënt {N}, burgerservicenummer {V}.", "Gemeente vraagt om uw BSN {V} bij de aanvraag.", "{N}; {V}; in dienst per 1 maart", "hier is 'ie: {V}"],
  de_idnr: ["Personalbogen: Steuer-ID von {N}: {V}.", "Lohnbüro: steuerliche Identifikationsnummer {V} fehlt noch.", "Elterngeldantrag: Steuer-Identifikationsnummer {V} eingetragen.", "{N}; {V}; Eintritt 01.04.", "passt so? {V}"],
  fr_nir: ["RH : numéro de sécurité sociale de {N} : {V}.", "Secrétariat médical : NIR {V}, carte Vitale à jour.", "Dossier mutuelle : n° de sécu {V}.", "{N} ; {V} ; entrée 02/01", "voilà : {V}"],
  es_dni: ["RR. HH.: DNI de {N}: {V}.", "Recepción de la clínica: paciente {N}, DNI {V}.", "Contrato de alquiler: el inquilino aporta documento nacional de identidad {V}.", "{N}; {V}; alta 01/02", "apunta {V} porfa"],
  es_nie: ["RR. HH.: NIE de {N}: {V}.", "Extranjería: número de identidad de extranjero {V}.", "Contrato de alquiler: la inquilina presenta su NIE {V}.", "{N}; {V}; alta 15/03", "te paso el mío: {V}"],
  it_cf: ["Ufficio personale: codice fiscale di {N}: {V}.", "Studio medico: paziente {N}, C.F. {V}.", "Contratto d'affitto: codice fiscale dell'inquilino {V}.", "{N}; {V}; assunzione 01/03", "eccolo {V}"],
};

// ---------- benign: number-heavy sentences with no PII; {X} a generated number ----------
const ean13 = () => { const b = pick(["400", "590", "560", "840", "800", "870"]) + digits(9); let t = 0; for (let i = 0; i < 12; i++) t += +b[i] * (i % 2 ? 3 : 1); return b + ((10 - (t % 10)) % 10); };
const isbn13 = () => { const b = "978" + digits(9); let t = 0; for (let i = 0; i < 12; i++) t += +b[i] * (i % 2 ? 3 : 1); return b + ((10 - (t % 10)) % 10); };
const vin = () => Array.from({ length: 17 }, () => pick("ABCDEFGHJKLMNPRSTUVWXYZ0123456789".split(""))).join("");
const hex = (n) => Array.from({ length: n }, () => pick("0123456789abcdef".split(""))).join("");
const B = {
  gift_card_luhn: [() => luhnNumber(pick(["4", "51", "53", "55"]), 16), {
    en: "Your gift card {X} has £25.00 left and expires on 31/12/2027.", de: "Geschenkgutschein {X} – Restguthaben 12,50 €, einlösbar bis 2027.", fr: "Carte cadeau n° {X} : solde 30,00 €, valable 12 mois.", es: "Tarjeta regalo {X}: saldo 18,90 €, válida hasta 2027.",
    it: "Buono regalo {X}, credito residuo 40 €, scade il 31/12.", nl: "Cadeaubon {X} heeft nog € 17,50 tegoed.", pt: "Vale-oferta {X} com saldo de 22 €, válido até dezembro.", pl: "Bon podarunkowy {X}, pozostało 75 zł do wykorzystania." }],
  booking_reference: [() => letters(2) + digits(4) + letters(1), { en: "Booking reference {X}: 2 adults, check-in 14:00, room 412.", es: "Localizador {X}: vuelo de las 07:45, puerta B12.", pt: "Referência da reserva {X}, 3 noites, quarto 208.", pl: "Numer rezerwacji {X}, przyjazd 12.08, pokój 15." }],
  loyalty_number: [() => digits(11), { en: "Loyalty number {X} earned 340 points on this shop.", fr: "Carte de fidélité {X} : 1 250 points cumulés.", it: "Tessera fedeltà {X}: 820 punti, sconto 5 €.", nl: "Klantenkaart {X} spaarde 64 punten vandaag." }],
  meter_serial: [() => "1" + letters(3) + digits(10), { de: "Zählernummer {X}, Stand 04512,7 kWh am 01.10.", nl: "Meternummer {X}, meterstand 18342 m³.", pl: "Numer licznika {X}, odczyt 2231,4 kWh.", en: "Meter serial {X} read 18 204 kWh on 2 Oct." }],
  vin: [vin, { de: "Fahrgestellnummer {X}, Erstzulassung 03/2019, 84 000 km.", en: "VIN {X} – 2019, 52,300 miles, MOT until 08/27.", fr: "Numéro de châssis {X}, mise en circulation 2020.", it: "Numero di telaio {X}, immatricolata nel 2018, 96.000 km." }],
  imei: [() => luhnNumber(pick(["35", "86", "01"]), 15), { en: "Device IMEI {X} blocked after the theft report.", es: "IMEI del terminal {X}, garantía hasta 2027.", pt: "IMEI do equipamento {X}, reparação n.º 5521.", pl: "Numer IMEI {X}, telefon w serwisie od 3 dni." }],
  tracking_number: [() => "1Z" + letters(3) + digits(13), { en: "Parcel {X} is out for delivery, 2 of 3 items.", de: "Sendungsnummer {X}: Zustellung voraussichtlich Dienstag.", nl: "Track & trace {X}: pakket ligt bij het afhaalpunt.", fr: "Numéro de suivi {X} : livraison prévue le 14/11." }],
  ticket_phone_like: [() => `${ri(100, 999)} ${ri(100, 999)} ${pad(ri(0, 9999), 4)}`, { en: "Support ticket {X} was closed after 3 replies.", de: "Ticketnummer {X} wurde an Level 2 übergeben.", es: "Incidencia n.º {X} resuelta en 48 horas.", it: "Ticket di assistenza {X}: chiuso il 12/10." }],
  tax_free_amount: [() => `${ri(100, 9999)},${pad(ri(0, 99), 2)}`, { de: "Steuerfreibetrag {X} € für 2026 bestätigt.", fr: "Montant détaxé : {X} € sur 3 articles.", pt: "Valor isento de IVA: {X} € no talão 118.", pl: "Kwota wolna od podatku {X} zł rocznie." }],
  sort_code_alone: [() => `${pad(ri(1, 99), 2)}-${pad(ri(0, 99), 2)}-${pad(ri(0, 99), 2)}`, { en: "Branch sort code {X}, open 9:30–16:30, Mon–Fri." }],
  bic_alone: [() => pick(["DEUT", "COBA", "BNPA", "INGB", "RABO", "BARC", "CAIX", "UNCR", "PKOP", "BCOM"]) + pick(["DE", "FR", "NL", "GB", "ES", "IT", "PL", "PT"]) + pick(["FF", "2X", "MM", "PW", "2L"]) + pick(["", "XXX"]), { en: "Our bank's BIC is {X}; no account details are needed for the form.", de: "BIC {X} – bitte nur für SEPA-Formulare.", fr: "Code BIC/SWIFT de l'agence : {X}.", es: "Código SWIFT {X} de la sucursal 0182.", it: "Codice BIC {X} della filiale di Milano.", pl: "Kod SWIFT banku: {X}." }],
  postcode: [() => pad(ri(1000, 99999), 5), { de: "Lieferung in PLZ {X}, Hausnummer 17a, 3. OG.", fr: "Code postal {X}, bâtiment B, 2e étage.", es: "Código postal {X}, portal 4, 3.º izquierda.", it: "CAP {X}, civico 22, interno 5." }],
  isbn: [isbn13, { en: "ISBN {X}, paperback, 352 pages, 2nd edition.", de: "ISBN {X}, 3. Auflage, 288 Seiten.", pl: "ISBN {X}, wydanie 2, 416 stron.", pt: "ISBN {X}, 1.ª edição, 240 páginas." }],
  ean_barcode: [ean13, { nl: "EAN-code {X}, 12 stuks per doos.", es: "Código de barras {X}, lote 2024-17.", it: "Codice EAN {X}, confezione da 6.", fr: "Code-barres EAN {X}, colis de 24." }],
  timestamp: [() => `2026-${pad(ri(1, 12), 2)}-${pad(ri(1, 28), 2)}T${pad(ri(0, 23), 2)}:${pad(ri(0, 59), 2)}:${pad(ri(0, 59), 2)}.${pad(ri(0, 999), 3)}Z`, { en: "Last sync {X}, 1432 rows, 0 errors.", de: "Letzte Sicherung {X}, 18 GB, 2 Warnungen.", nl: "Laatste update {X}, 57 records.", pl: "Ostatnia synchronizacja {X}, 12 plików." }],
  build_number: [() => `${ri(1, 24)}.${ri(0, 30)}.${ri(0, 400)}+build.${ri(1000, 99999)}`, { en: "Release {X} fixes 14 bugs.", de: "Version {X} ist seit 08:15 live.", fr: "Version {X} déployée sur 3 serveurs.", pt: "Versão {X} instalada em 42 postos." }],
  coordinates: [() => `${(ri(3600000, 5900000) / 100000).toFixed(5)}, ${(ri(-900000, 2400000) / 100000).toFixed(5)}`, { en: "Meet at {X}, near gate 3.", es: "Coordenadas {X}, a 300 m del aparcamiento.", it: "Coordinate {X}, altitudine 1.240 m.", nl: "Startpunt {X}, route 14,2 km." }],
  scores_stats: [() => `${ri(0, 7)}–${ri(0, 7)}`, { en: "Final score {X}, 61% possession, 14 shots, 52,104 fans.", de: "Endstand {X}, 58 % Ballbesitz, 23 Torschüsse.", es: "Resultado {X}, 9 córners, 48.211 espectadores.", pl: "Wynik {X}, 11 rzutów rożnych, 31 204 widzów." }],
  product_code_phone_like: [() => `${pad(ri(0, 99), 2)}-${ri(1000, 9999)}-${ri(1000, 9999)}`, { de: "Art.-Nr. {X}, Farbe Anthrazit, 2,5 m.", fr: "Réf. produit {X}, taille 42, lot de 3.", nl: "Artikelnummer {X}, 4 stuks op voorraad.", it: "Codice articolo {X}, taglia M, colore blu." }],
  order_number_9: [() => String(ri(1, 9)) + digits(8), { en: "Order {X} shipped in 2 boxes on 14 Nov.", de: "Bestellnummer {X}, 3 Artikel, 84,90 €.", fr: "Commande n° {X}, 2 articles, 59,90 €.", es: "Pedido n.º {X}, entrega el 12/11.", it: "Ordine n. {X}, 4 articoli, 120,00 €.", nl: "Bestelnummer {X}, verzonden op 03-11.", pt: "Encomenda n.º {X}, 3 artigos.", pl: "Zamówienie nr {X}, 2 paczki." }],
  invoice_number_11: [() => String(ri(1, 9)) + digits(10), { en: "Invoice {X} for £1,284.00 is due in 30 days.", de: "Rechnung Nr. {X} über 412,30 €, fällig am 15.12.", fr: "Facture n° {X} de 742,18 €, échéance 30 jours.", es: "Factura {X} por 312,45 €, vence el 20/12.", it: "Fattura n. {X} di 980,00 €, scadenza 60 gg.", nl: "Factuurnummer {X}, bedrag € 215,00.", pt: "Fatura n.º {X} no valor de 67,30 €.", pl: "Faktura nr {X} na kwotę 1 230,00 zł." }],
  customer_number_11: [() => String(ri(1, 9)) + digits(10), { en: "Customer number {X}, account opened 2019, 12 orders.", de: "Kundennummer {X}, Kunde seit 2018.", fr: "Numéro client {X}, 7 commandes en 2026.", es: "Número de cliente {X}, alta en 2021.", it: "Codice cliente {X}, 5 ordini quest'anno.", nl: "Klantnummer {X}, lid sinds 2020.", pt: "Número de cliente {X}, desde 2017.", pl: "Numer klienta {X}, od 2022 roku." }],
  ip_port: [() => `${ri(10, 223)}.${ri(0, 255)}.${ri(0, 255)}.${ri(1, 254)}:${ri(1024, 65535)}`, { en: "Health check on {X} timed out after 30 s.", de: "Verbindung zu {X} abgebrochen (3 Versuche).", pl: "Serwer {X} odpowiada w 120 ms." }],
  hash_uuid: [() => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`, { en: "Request id {X}, 200 OK in 84 ms.", fr: "Identifiant de requête {X}, durée 1,2 s.", pt: "Pedido {X} concluído em 95 ms." }],
  flight_train: [() => pick(["LH", "AF", "IB", "AZ", "KL", "TP", "LO", "FR", "U2"]) + ri(100, 9999), { en: "Flight {X} departs 06:55 from gate 22, seat 14C.", de: "Flug {X} landet um 17:40, Gepäckband 5.", fr: "Vol {X} retardé de 45 min, porte K31.", es: "Vuelo {X}, embarque 09:10, asiento 23A.", it: "Volo {X} in partenza alle 13:25, gate B7.", nl: "Vlucht {X}, vertrek 11:05, gate D4.", pt: "Voo {X} com partida às 08:30, porta 14.", pl: "Lot {X} odlot 19:50, bramka 3." }],
  opening_hours: [() => `${pad(ri(6, 10), 2)}:${pick(["00", "30"])}–${ri(17, 22)}:${pick(["00", "30"])}`, { de: "Öffnungszeiten Mo–Fr {X}, Sa 9–14 Uhr.", fr: "Horaires : du lundi au samedi {X}.", it: "Orari: lun–ven {X}, sabato 9–13.", es: "Horario de lunes a viernes {X}." }],
  measurement: [() => `${ri(40, 300)} × ${ri(30, 200)} × ${ri(10, 120)} cm`, { en: "Box size {X}, 18.4 kg.", nl: "Afmetingen {X}, gewicht 12,5 kg.", pt: "Dimensões {X}, peso 7,2 kg.", pl: "Wymiary {X}, waga 22,3 kg." }],
};

// ---------- build ----------
const EXT = { en: "ext.", de: "Durchwahl", fr: "poste", es: "ext.", it: "int.", nl: "toestel", pt: "ext.", pl: "wew." };
const TRUNK0 = new Set(["GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL"]);
const BRANDS = [["Visa", "Visa"], ["Mastercard", "MasterCard"], ["American Express", "American Express"], ["Maestro", "Maestro"], ["JCB", "JCB"]];
const name = () => `${falso.randFirstName()} ${falso.randLastName()}`;
const fill = (tpl, v, n) => tpl.split("{N}").join(n).split("{V}").join(v);

function phoneValue(loc) {
  const raw = falso.randPhoneNumber({ countryCode: region(loc) });
  const form = pick(["as_generated", "e164", "digits_only", "extension"]);
  const cc = raw.match(/^\+(\d+)/)[1];
  const rest = raw.slice(cc.length + 1).replace(/\D/g, "");
  if (form === "e164") return { v: `+${cc}${rest}`, form };
  if (form === "digits_only") return { v: (TRUNK0.has(region(loc)) ? "0" : "") + rest, form };
  return { v: raw, form };
}
function cardValue() {
  const [fb, sub] = pick(BRANDS);
  // falso keeps the brand's prefix and length but not the Luhn digit: set it (public algorithm)
  const raw = falso.randCreditCardNumber({ brand: fb });
  const flat = raw.replace(/ /g, "");
  let g = raw.slice(0, -1) + luhnDigit(flat.slice(0, -1));
  if (rnd() < 0.15) g = damage(g);
  const form = pick(["groups", "compact", "dashes"]);
  const v = form === "groups" ? g : form === "compact" ? g.replace(/ /g, "") : g.replace(/ /g, "-");
  return { v, form, sub };
}
function ibanValue(loc) {
  const cc = pick(IBAN_CC[loc]);
  let ib = ibanOf(cc, BBAN[cc]());
  if (rnd() < 0.15) ib = damage(ib);
  const form = pick(["groups_of_four", "compact", "lower_case"]);
  const v = form === "groups_of_four" ? groups(ib, 4) : form === "compact" ? ib : groups(ib, 4).toLowerCase();
  return { v, form };
}
const ID_FORMS = {
  us_ssn: { dashed: (x) => `${x.slice(0, 3)}-${x.slice(3, 5)}-${x.slice(5)}`, spaced: (x) => `${x.slice(0, 3)} ${x.slice(3, 5)} ${x.slice(5)}`, compact: (x) => x },
  uk_nino: { compact: (x) => x, spaced: (x) => `${x.slice(0, 2)} ${x.slice(2, 4)} ${x.slice(4, 6)} ${x.slice(6, 8)} ${x.slice(8)}` },
  nl_bsn: { compact: (x) => x, dotted: (x) => `${x.slice(0, 4)}.${x.slice(4, 6)}.${x.slice(6)}` },
  de_idnr: { compact: (x) => x, spaced: (x) => `${x.slice(0, 2)} ${x.slice(2, 5)} ${x.slice(5, 8)} ${x.slice(8)}` },
  fr_nir: { compact: (x) => x, spaced: (x) => `${x[0]} ${x.slice(1, 3)} ${x.slice(3, 5)} ${x.slice(5, 7)} ${x.slice(7, 10)} ${x.slice(10, 13)} ${x.slice(13)}` },
  es_dni: { compact: (x) => x, dashed: (x) => `${x.slice(0, 8)}-${x[8]}`, dotted: (x) => `${x.slice(0, 2)}.${x.slice(2, 5)}.${x.slice(5, 8)}-${x[8]}` },
  es_nie: { compact: (x) => x, dashed: (x) => `${x[0]}-${x.slice(1, 8)}-${x[8]}` },
  it_cf: { upper: (x) => x, lower: (x) => x.toLowerCase() },
};

const pii = [];
for (const kind of ["email", "phone", "card", "iban"]) {
  for (let i = 0; i < 406; i++) {
    const loc = LOCALES[i % LOCALES.length];
    const template = Math.floor(i / LOCALES.length) % 5;
    const n = name();
    let v, form, sub = kind, suffix = "";
    if (kind === "email") {
      v = falso.randEmail();
      form = pick(["plain", "angle_brackets", "upper_case"]);
      if (form === "upper_case") v = v.toUpperCase();
    } else if (kind === "phone") {
      ({ v, form } = phoneValue(loc));
      if (form === "extension") suffix = ` ${EXT[lang(loc)]} ${ri(10, 999)}`;
    } else if (kind === "card") ({ v, form, sub } = cardValue());
    else ({ v, form } = ibanValue(loc));
    const shown = form === "angle_brackets" ? `<${v}>` : v + suffix;
    pii.push({ locale: loc, kind, sub, form, check: null, template, text: fill(T[lang(loc)][kind][template], shown, n), values: [v] });
  }
}
for (const sub of Object.keys(ID)) {
  for (let j = 0; j < 52; j++) {
    let x = ID[sub]();
    if (rnd() < 0.15) x = damage(x);
    const form = pick(Object.keys(ID_FORMS[sub]));
    const v = ID_FORMS[sub][form](x);
    const template = j % 5;
    pii.push({ locale: ID_LOCALE[sub], kind: "national_id", sub, form, check: null, template, text: fill(IDT[sub][template], v, name()), values: [v] });
  }
}

const benign = [];
for (const [family, [gen, tpls]] of Object.entries(B)) {
  const langs = Object.keys(tpls);
  for (let k = 0; k < 30; k++) {
    const l = langs[k % langs.length];
    benign.push({ family, lang: l, text: tpls[l].split("{X}").join(gen()) });
  }
}

// ---------- labels from the reference checks (validators only) ----------
const PY = process.env.PYTHON || "/work/main/.venv/bin/python";
const here = path.dirname(new URL(import.meta.url).pathname);
const input = pii.map((p) => JSON.stringify({ kind: p.kind, sub: p.sub, value: p.values[0], region: p.kind === "phone" ? region(p.locale) : null })).join("\n") + "\n";
const res = spawnSync(PY, [path.join(here, "pii_reference_checks.py")], { input, encoding: "utf-8", maxBuffer: 1 << 26 });
if (res.status !== 0) throw new Error(`reference checks failed: ${res.stderr}`);
const { versions, passes } = JSON.parse(res.stdout);
pii.forEach((p, i) => { p.check = passes[i] === null ? "n/a" : passes[i] ? "valid" : "invalid"; });

const out = {
  source: "@ngneat/falso", source_version: FALSO_VERSION, source_licence: "MIT",
  stdnum_version: versions.stdnum_version, phonenumbers_version: versions.phonenumbers_version,
  generator: "bench/make_pii_fifth.mjs", seed: SEED, locales: LOCALES, templates_naming_nothing: [3, 4],
  pii, benign,
};
const dest = process.argv[2] || path.join(here, "data", "pii_fifth.json");
writeFileSync(dest, JSON.stringify(out, null, 1) + "\n");
const tally = {};
for (const p of pii) { const k = `${p.kind}/${p.kind === "national_id" ? p.sub : ""} ${p.check}`; tally[k] = (tally[k] || 0) + 1; }
process.stderr.write(`${dest}: ${pii.length} pii, ${benign.length} benign\n${JSON.stringify(tally, null, 1)}\n`);
