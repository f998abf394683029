// Ninth held-out PII corpus (issue #17): bench/data/pii_ninth.json.
//
// Source package: mockjs 1.1.0 (npm, MIT licence, https://github.com/nuysoft/Mock), seeded by
// replacing Math.random with seedrandom 3.0.5 (npm, MIT) before mockjs loads. mockjs gives every
// random choice (Random.integer / Random.pick), English names (Random.first / Random.last) and
// some e-mail addresses (Random.email); the other languages' names, the domains, the phone
// numbering plans, card issuer ranges + Luhn, ISO 13616 mod-97 IBANs and the eight national
// identifiers' checksums are written here from the public algorithms.
// Seed: 909. Same inputs -> same file byte for byte.
//
// Run:  mkdir -p /tmp/g9 && cd /tmp/g9 && npm init -y && npm i mockjs@1.1.0 seedrandom@3.0.5
//       node bench/make_pii_ninth.mjs [out.json]      (default bench/data/pii_ninth.json)
// Env:  PII9_NODE_DIR (folder holding node_modules, default /tmp/g9/),
//       PII9_PYTHON (default /work/main/.venv/bin/python) runs bench/pii_reference_checks.py,
//       the only source of every value's "check" label.
//
// The templates and benign sentences were written blind (without reading the detector, its
// tests or the earlier corpora), and the output file was frozen before any detector ran on it.
// About one value in ten (not e-mails) is broken on purpose (wrong check digit, wrong length or
// a never-issued prefix); several candidates are drawn per entry and the first whose reference
// check matches the intent is kept, but the label is always the reference's answer.

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const SEED = 909;
const OUT = process.argv[2] ?? "bench/data/pii_ninth.json";
const PY = process.env.PII9_PYTHON ?? "/work/main/.venv/bin/python";
const REF = fileURLToPath(new URL("./pii_reference_checks.py", import.meta.url));
const nodeDir = (process.env.PII9_NODE_DIR ?? "/tmp/g9/").replace(/\/?$/, "/");
const req = createRequire(nodeDir);
Math.random = req("seedrandom")(String(SEED));
const Mock = req("mockjs");
const MOCK_VERSION = req("mockjs/package.json").version;
const R = Mock.Random;

// kinds order: email, phone, card, iban, national_id; per kind 3 naming, 2 naming nothing
const T = {
en: [
 ["The dental practice will send {name}'s recall reminders to the e-mail address {v} from now on.", "Removal quote for the Elm Street flat: reply by email to {v} if the Saturday slot suits.", "Tennis club membership secretary, please change my email to {v}, the old one bounces.", "Youth hostel booking for six bunks, lead guest {name}, contact {v}.", "{name} (allotment plot 14) - {v} - happy to share the rotavator in May."],
 ["The electrician left his mobile number, {v}, in case the breaker trips again.", "Driving school: call {v} to move {name}'s lesson, the office phone is off on Sundays.", "For the funeral arrangements please ring the family on {v} rather than the church.", "Plumber said he'd be round after 3 - {v} if you're stuck.", "Car-share group: {name} drives on Tuesdays, {v}."],
 ["The theatre box office charged credit card {v} twice for the two seats in row G.", "Crowdfunding pledge of 40 paid with card {v}, expiry 09/27.", "Please put the chimney sweep's invoice on my debit card number {v}, same as last year.", "Spreadsheet row pasted from the treasurer: {name} | pottery term fee | {v} | 85.00 | paid", "For the translation agency deposit, {name} read out {v} over the phone."],
 ["Allotment society dues go to our IBAN {v}, reference: plot number and surname.", "The refund for the cancelled youth hostel night will be sent to bank account {v}.", "Wedding photographer's invoice: transfer the balance to IBAN {v} within 14 days.", "Choir trip to Bruges - 120 each to {v}, reference CHOIR-BRUGES.", "{name} from the beekeepers asked to be paid into {v} for the jars."],
 ["The funeral director needs the deceased's ID number, {v}, for the registration form.", "New hire at the removal company - payroll wants his tax ID number: {v}.", "Driving school enrolment form, field 7 (personal identification number): {v}.", "Tennis coach contract - {name}, {v}, starting 1 April.", "Spreadsheet row: {name}; {v}; electrician apprentice; week 32."]],
de: [
 ["Die Zahnarztpraxis schickt die Recall-Erinnerung ab jetzt an die E-Mail-Adresse {v}.", "Angebot für den Umzug nach Kassel bitte per Mail an {v}, {name} ist tagsüber nicht erreichbar.", "Kleingartenverein: Meine neue Mailadresse lautet {v}, die alte bitte löschen.", "Jugendherberge Bacharach, Gruppe {name}, 12 Betten, Kontakt {v}.", "Tennisclub Rot-Weiß - Mannschaftsführer {name}, {v}, Spieltag Samstag 10 Uhr."],
 ["Der Elektriker hat seine Handynummer dagelassen: {v}, falls die Sicherung wieder fliegt.", "Fahrschule: Fahrstunde verschieben unter Telefon {v}, montags ab 14 Uhr.", "Für die Trauerfeier bitte die Familie unter der Telefonnummer {v} anrufen, nicht das Pfarramt.", "Klempner kommt nach 15 Uhr - {v}, falls was ist.", "Mitfahrgruppe Darmstadt: {name} fährt dienstags, {v}."],
 ["Die Theaterkasse hat die Kreditkarte {v} zweimal für Reihe G belastet.", "Crowdfunding-Beitrag von 40 € bezahlt mit Karte {v}, gültig bis 09/27.", "Bitte die Rechnung des Schornsteinfegers über meine Kartennummer {v} abrechnen.", "Zeile aus der Kassenliste: {name} | Töpferkurs | {v} | 85,00 | bezahlt", "Für die Anzahlung beim Übersetzungsbüro hat {name} am Telefon {v} durchgegeben."],
 ["Die Pacht für den Kleingarten bitte auf unsere IBAN {v} überweisen, Verwendungszweck Parzelle und Name.", "Die Erstattung für die stornierte Nacht geht auf das Konto {v}.", "Hochzeitsfotograf, Schlussrechnung: Bankverbindung IBAN {v}, zahlbar in 14 Tagen.", "Chorfahrt nach Brügge - 120 € pro Person an {v}, Stichwort CHOR-BRÜGGE.", "{name} vom Imkerverein möchte das Geld für die Gläser auf {v} haben."],
 ["Das Bestattungsinstitut braucht für die Sterbeurkunde die Identifikationsnummer {v}.", "Neuer Helfer bei der Umzugsfirma - die Lohnbuchhaltung braucht seine Steuer-ID {v}.", "Anmeldeformular Fahrschule, Feld 7 (persönliche Kennnummer): {v}.", "Trainervertrag Tennis - {name}, {v}, Beginn 1. April.", "Tabellenzeile: {name}; {v}; Azubi Elektro; KW 32."]],
fr: [
 ["Le cabinet dentaire enverra désormais les rappels à l'adresse e-mail {v}.", "Devis pour le déménagement à Nantes : répondez par courriel à {v}, {name} n'est joignable que le soir.", "Jardins familiaux : merci de remplacer mon adresse mail par {v}.", "Auberge de jeunesse de Dieppe, groupe {name}, 12 lits, contact {v}.", "Club de tennis - capitaine {name}, {v}, rencontre samedi 10 h."],
 ["L'électricien a laissé son numéro de portable, le {v}, au cas où le disjoncteur saute encore.", "Auto-école : pour déplacer la leçon de conduite, appelez le {v} en semaine.", "Pour les obsèques, merci de téléphoner à la famille au {v} plutôt qu'à la paroisse.", "Le plombier passe après 15 h - {v} si besoin.", "Covoiturage Lyon-Grenoble : {name} conduit le mardi, {v}."],
 ["La billetterie du théâtre a débité deux fois la carte bancaire {v} pour le rang G.", "Contribution de 40 € au financement participatif, payée avec la carte {v}, expiration 09/27.", "Merci de régler la facture du ramoneur avec mon numéro de carte {v}.", "Ligne du tableur du trésorier : {name} | atelier poterie | {v} | 85,00 | réglé", "Pour l'acompte de l'agence de traduction, {name} a dicté {v} au téléphone."],
 ["La cotisation des jardins familiaux est à virer sur notre IBAN {v}, avec le numéro de parcelle.", "Le remboursement de la nuit annulée sera versé sur le compte {v}.", "Photographe de mariage, solde : coordonnées bancaires IBAN {v}, sous 14 jours.", "Sortie de la chorale à Bruges - 120 € par personne sur {v}, référence CHORALE.", "{name}, de l'association des apiculteurs, souhaite être payé sur {v} pour les pots."],
 ["Les pompes funèbres demandent le numéro d'identification du défunt : {v}.", "Nouveau déménageur embauché - la paie a besoin de son numéro de sécurité sociale, {v}.", "Dossier d'inscription à l'auto-école, case 7 (numéro personnel d'identification) : {v}.", "Contrat de l'entraîneur de tennis - {name}, {v}, début le 1er avril.", "Ligne du tableur : {name} ; {v} ; apprenti électricien ; semaine 32."]],
es: [
 ["La clínica dental enviará los recordatorios al correo electrónico {v} a partir de ahora.", "Presupuesto de la mudanza a Valencia: contestad por email a {v}, {name} solo está por las tardes.", "Huertos urbanos: mi nueva dirección de correo es {v}, borrad la antigua.", "Albergue juvenil de Cangas, grupo {name}, 12 camas, contacto {v}.", "Club de tenis - capitán {name}, {v}, partido el sábado a las 10."],
 ["El electricista dejó su móvil, {v}, por si salta otra vez el diferencial.", "Autoescuela: para cambiar la clase práctica llamad al teléfono {v}.", "Para el sepelio, llamad a la familia al número de teléfono {v}, no a la parroquia.", "El fontanero viene después de las 15 h - {v} si hay algún problema.", "Grupo de coche compartido: {name} conduce los martes, {v}."],
 ["La taquilla del teatro cargó dos veces la tarjeta de crédito {v} por la fila G.", "Aportación de 40 € al micromecenazgo pagada con la tarjeta {v}, caduca 09/27.", "Cobrad la factura del deshollinador en mi número de tarjeta {v}, la de siempre.", "Fila de la hoja de cálculo del tesorero: {name} | taller de cerámica | {v} | 85,00 | pagado", "Para la señal de la agencia de traducción, {name} dictó {v} por teléfono."],
 ["La cuota de los huertos se ingresa en nuestro IBAN {v}, indicando número de parcela.", "El reembolso de la noche cancelada se hará a la cuenta {v}.", "Fotógrafo de boda, saldo pendiente: transferencia al IBAN {v} en 14 días.", "Viaje del coro a Brujas - 120 € por persona a {v}, concepto CORO.", "{name}, de la asociación de apicultores, quiere cobrar los tarros en {v}."],
 ["La funeraria necesita el documento de identidad del difunto: {v}.", "Nuevo mozo en la empresa de mudanzas - nóminas pide su número de identificación, {v}.", "Matrícula de la autoescuela, casilla 7 (DNI/NIE): {v}.", "Contrato del monitor de tenis - {name}, {v}, empieza el 1 de abril.", "Fila de la hoja: {name}; {v}; aprendiz de electricista; semana 32."]],
it: [
 ["Lo studio dentistico manderà i promemoria all'indirizzo email {v} d'ora in poi.", "Preventivo per il trasloco a Bologna: rispondete via mail a {v}, {name} è reperibile solo la sera.", "Orti sociali: il mio nuovo indirizzo di posta elettronica è {v}.", "Ostello di Ostuni, gruppo {name}, 12 posti letto, riferimento {v}.", "Circolo tennis - capitano {name}, {v}, partita sabato alle 10."],
 ["L'elettricista ha lasciato il suo cellulare, {v}, nel caso salti di nuovo il salvavita.", "Scuola guida: per spostare la guida chiamate il numero di telefono {v}.", "Per il funerale telefonate alla famiglia al {v}, non alla parrocchia.", "L'idraulico passa dopo le 15 - {v} se serve.", "Gruppo car sharing: {name} guida il martedì, {v}."],
 ["La biglietteria del teatro ha addebitato due volte la carta di credito {v} per la fila G.", "Contributo di 40 € alla raccolta fondi pagato con la carta {v}, scadenza 09/27.", "Addebitate la fattura dello spazzacamino sul mio numero di carta {v}.", "Riga del foglio del tesoriere: {name} | corso di ceramica | {v} | 85,00 | pagato", "Per l'acconto all'agenzia di traduzioni, {name} ha dettato {v} al telefono."],
 ["La quota degli orti si versa sul nostro IBAN {v}, causale numero del lotto.", "Il rimborso della notte annullata sarà accreditato sul conto {v}.", "Fotografo di matrimonio, saldo: bonifico sull'IBAN {v} entro 14 giorni.", "Gita del coro a Bruges - 120 € a testa su {v}, causale CORO.", "{name} dell'associazione apicoltori vuole essere pagato su {v} per i vasetti."],
 ["L'agenzia funebre chiede il codice fiscale del defunto: {v}.", "Nuovo facchino alla ditta di traslochi - l'ufficio paghe vuole il suo codice fiscale, {v}.", "Iscrizione alla scuola guida, campo 7 (codice identificativo personale): {v}.", "Contratto del maestro di tennis - {name}, {v}, inizio 1° aprile.", "Riga del foglio: {name}; {v}; apprendista elettricista; settimana 32."]],
nl: [
 ["De tandartspraktijk stuurt de herinneringen voortaan naar het e-mailadres {v}.", "Offerte voor de verhuizing naar Zwolle: mail even naar {v}, {name} is overdag niet bereikbaar.", "Volkstuinvereniging: mijn nieuwe mailadres is {v}, het oude graag verwijderen.", "Stayokay Texel, groep {name}, 12 bedden, contact {v}.", "Tennisvereniging - aanvoerder {name}, {v}, competitie zaterdag 10 uur."],
 ["De elektricien liet zijn mobiele nummer achter, {v}, voor als de groep weer uitvalt.", "Rijschool: rijles verzetten via telefoonnummer {v}, maandag vanaf 14 uur.", "Voor de uitvaart graag de familie bellen op {v}, niet de kerk.", "Loodgieter komt na drieën - {v} als er iets is.", "Autodeelgroep: {name} rijdt op dinsdag, {v}."],
 ["De schouwburgkassa heeft creditcard {v} twee keer belast voor rij G.", "Crowdfundingbijdrage van € 40 betaald met kaart {v}, geldig tot 09/27.", "Graag de factuur van de schoorsteenveger op mijn kaartnummer {v} afschrijven.", "Regel uit de kasspreadsheet: {name} | pottenbakken | {v} | 85,00 | betaald", "Voor de aanbetaling bij het vertaalbureau las {name} {v} voor aan de telefoon."],
 ["De contributie van de volkstuin graag overmaken naar ons IBAN {v}, o.v.v. tuinnummer.", "De terugbetaling voor de geannuleerde nacht gaat naar rekeningnummer {v}.", "Trouwfotograaf, eindfactuur: IBAN {v}, betaling binnen 14 dagen.", "Koorreis naar Brugge - € 120 per persoon naar {v}, onder vermelding KOOR.", "{name} van de imkersvereniging wil het geld voor de potten op {v}."],
 ["De uitvaartverzorger heeft het identificatienummer van de overledene nodig: {v}.", "Nieuwe verhuizer - de salarisadministratie vraagt zijn burgerservicenummer of belastingnummer, {v}.", "Inschrijfformulier rijschool, veld 7 (persoonsnummer): {v}.", "Contract tennistrainer - {name}, {v}, start 1 april.", "Spreadsheetregel: {name}; {v}; leerling-elektricien; week 32."]],
pt: [
 ["A clínica dentária vai enviar os lembretes para o endereço de e-mail {v}.", "Orçamento da mudança para Braga: respondam por email para {v}, {name} só está à noite.", "Hortas comunitárias: o meu novo email é {v}, apaguem o antigo.", "Pousada de juventude de Lagos, grupo {name}, 12 camas, contacto {v}.", "Clube de ténis - capitão {name}, {v}, jogo sábado às 10h."],
 ["O eletricista deixou o telemóvel, {v}, caso o disjuntor volte a saltar.", "Escola de condução: para remarcar a aula liguem para o número de telefone {v}.", "Para o funeral, telefonem à família para o {v}, não à paróquia.", "O canalizador passa depois das 15h - {v} se precisarem.", "Grupo de boleias: {name} conduz às terças, {v}."],
 ["A bilheteira do teatro cobrou duas vezes o cartão de crédito {v} pela fila G.", "Contribuição de 40 € para o crowdfunding paga com o cartão {v}, validade 09/27.", "Cobrem a fatura do limpa-chaminés no meu número de cartão {v}.", "Linha da folha do tesoureiro: {name} | oficina de cerâmica | {v} | 85,00 | pago", "Para o sinal da agência de tradução, {name} ditou {v} ao telefone."],
 ["A quota das hortas é paga por transferência para o nosso IBAN {v}, indicando o talhão.", "O reembolso da noite cancelada será feito para a conta {v}.", "Fotógrafo do casamento, saldo: transferência para o IBAN {v} em 14 dias.", "Viagem do coro a Bruges - 120 € por pessoa para {v}, referência CORO.", "{name}, da associação de apicultores, quer receber os frascos em {v}."],
 ["A agência funerária pede o número de identificação do falecido: {v}.", "Novo ajudante na empresa de mudanças - os salários pedem o número de identificação fiscal dele, {v}.", "Inscrição na escola de condução, campo 7 (número de identificação pessoal): {v}.", "Contrato do treinador de ténis - {name}, {v}, início a 1 de abril.", "Linha da folha: {name}; {v}; aprendiz de eletricista; semana 32."]],
pl: [
 ["Gabinet stomatologiczny będzie wysyłał przypomnienia na adres e-mail {v}.", "Wycena przeprowadzki do Gdańska: proszę odpisać mailem na {v}, {name} jest dostępny tylko wieczorem.", "Ogródki działkowe: mój nowy adres mailowy to {v}, stary proszę usunąć.", "Schronisko młodzieżowe w Zakopanem, grupa {name}, 12 łóżek, kontakt {v}.", "Klub tenisowy - kapitan {name}, {v}, mecz w sobotę o 10."],
 ["Elektryk zostawił numer komórki, {v}, gdyby znowu wywaliło bezpieczniki.", "Szkoła jazdy: żeby przełożyć jazdę, dzwońcie pod numer telefonu {v}.", "W sprawie pogrzebu proszę dzwonić do rodziny pod numer {v}, nie do parafii.", "Hydraulik będzie po 15 - {v} w razie czego.", "Grupa wspólnych dojazdów: {name} jeździ we wtorki, {v}."],
 ["Kasa teatru obciążyła dwa razy kartę kredytową {v} za rząd G.", "Wpłata 40 zł na zbiórkę opłacona kartą {v}, ważna do 09/27.", "Proszę obciążyć fakturą kominiarza mój numer karty {v}.", "Wiersz z arkusza skarbnika: {name} | warsztaty ceramiki | {v} | 85,00 | zapłacono", "Na zaliczkę dla biura tłumaczeń {name} podyktował {v} przez telefon."],
 ["Składkę na ogródki proszę przelać na nasz IBAN {v}, w tytule numer działki.", "Zwrot za odwołany nocleg trafi na konto {v}.", "Fotograf ślubny, dopłata: przelew na numer rachunku IBAN {v} w ciągu 14 dni.", "Wyjazd chóru do Brugii - 120 zł od osoby na {v}, tytuł CHÓR.", "{name} z koła pszczelarzy chce dostać pieniądze za słoiki na {v}."],
 ["Zakład pogrzebowy potrzebuje numeru identyfikacyjnego zmarłego: {v}.", "Nowy pracownik firmy przeprowadzkowej - kadry proszą o jego numer identyfikacji podatkowej, {v}.", "Zapis do szkoły jazdy, pole 7 (osobisty numer identyfikacyjny): {v}.", "Umowa trenera tenisa - {name}, {v}, początek 1 kwietnia.", "Wiersz arkusza: {name}; {v}; praktykant elektryka; tydzień 32."]],
};

const KINDS = ["email", "phone", "card", "iban", "national_id"];
const LOCALES = ["en-US", "en-GB", "en-IE", "en-AU", "de-DE", "de-AT", "fr-FR", "fr-BE", "es-ES", "it-IT", "nl-NL", "nl-BE", "pt-PT", "pt-BR", "pl-PL"];
const region = (loc) => loc.split("-")[1] ?? { de: "DE", fr: "FR" }[loc];
const langOf = (loc) => loc.split("-")[0];

// ---- templates table -> flat list
const templates = [];
const tindex = {};
for (const lang of Object.keys(T)) {
  T[lang].forEach((texts, k) => {
    texts.forEach((text, i) => {
      tindex[`${lang}/${KINDS[k]}`] ??= [];
      tindex[`${lang}/${KINDS[k]}`].push(templates.length);
      templates.push({ lang, kind: KINDS[k], names_value: i < 3, text });
    });
  });
}
const namingNothing = templates.map((t, i) => (t.names_value ? -1 : i)).filter((i) => i >= 0);

// ---- random helpers, all through mockjs (seeded)
const int = (a, b) => R.integer(a, b);
const pick = (arr) => R.pick(arr);
const chance = (p) => R.integer(0, 9999) < p * 10000;
const digits = (n) => Array.from({ length: n }, () => String(int(0, 9))).join("");
const pad = (x, n) => String(x).padStart(n, "0");

// ---- names (own lists; mockjs for English)
const NAMES = {
  de: [["Jürgen", "Sabine", "Lukas", "Annika", "Torsten", "Heike", "Matthias", "Greta", "Florian", "Ute", "Bernd", "Svenja"], ["Köhler", "Brandt", "Lorenz", "Vogt", "Kaiser", "Hartmann", "Pohl", "Seidel", "Franke", "Winkler", "Ebert", "Lange"]],
  fr: [["Céline", "Thierry", "Mathilde", "Gaëtan", "Solène", "Hervé", "Maëlle", "Régis", "Capucine", "Loïc", "Odile", "Bastien"], ["Lefèvre", "Mercier", "Gauthier", "Perrin", "Fontaine", "Chevalier", "Rousseau", "Blanchard", "Guérin", "Marchand", "Collet", "Barbier"]],
  es: [["Nuria", "Iñaki", "Rocío", "Álvaro", "Begoña", "Sergio", "Montserrat", "Rubén", "Inmaculada", "Jorge", "Pilar", "Borja"], ["Ortega", "Navarro", "Iglesias", "Cabrera", "Medina", "Castro", "Prieto", "Herrero", "Vidal", "Rubio", "Santana", "Gallego"]],
  it: [["Giorgia", "Lorenzo", "Chiara", "Davide", "Federica", "Matteo", "Ilaria", "Stefano", "Benedetta", "Riccardo", "Alessia", "Gianluca"], ["Bernardi", "Colombo", "Ferraro", "Galli", "Marchetti", "Rinaldi", "Barbieri", "Fontana", "Caruso", "Longo", "Mancini", "Serra"]],
  nl: [["Sanne", "Joost", "Femke", "Bram", "Marloes", "Thijs", "Ilse", "Wouter", "Anouk", "Ruud", "Lieke", "Geert"], ["de Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Peeters", "Janssens", "Dekker", "Kok", "Willems"]],
  pt: [["João", "Inês", "Tiago", "Beatriz", "Rui", "Mariana", "Gonçalo", "Leonor", "Thiago", "Luana", "Vinícius", "Fernanda"], ["Ferreira", "Carvalho", "Rodrigues", "Almeida", "Lopes", "Sousa", "Gonçalves", "Ribeiro", "Moreira", "Barbosa", "Cardoso", "Teixeira"]],
  pl: [["Agnieszka", "Tomasz", "Magdalena", "Krzysztof", "Katarzyna", "Paweł", "Zofia", "Łukasz", "Joanna", "Michał", "Ewa", "Grzegorz"], ["Nowak", "Wiśniewski", "Kowalczyk", "Zieliński", "Szymańska", "Woźniak", "Dąbrowski", "Kamińska", "Lewandowski", "Mazur", "Krawczyk", "Jabłońska"]],
};
function personName(lang) {
  if (lang === "en") return [R.first(), R.last()];
  const [f, l] = NAMES[lang];
  return [pick(f), pick(l)];
}
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l").replace(/Ł/g, "L").replace(/[^A-Za-z]/g, "").toLowerCase();

// ---- e-mail
const DOMAINS = {
  "en-US": ["gmail.com", "yahoo.com", "comcast.net", "outlook.com", "att.net", "riverbendtennis.org"],
  "en-GB": ["btinternet.com", "yahoo.co.uk", "sky.com", "hotmail.co.uk", "virginmedia.com", "oakfield-allotments.org.uk"],
  "en-IE": ["eircom.net", "gmail.com", "outlook.ie", "iol.ie", "corkchoir.ie"],
  "en-AU": ["bigpond.com", "optusnet.com.au", "gmail.com", "iinet.net.au", "bayside-removals.com.au"],
  "de-DE": ["gmx.de", "web.de", "t-online.de", "posteo.de", "mailbox.org", "tc-rotweiss-kassel.de"],
  "de-AT": ["gmx.at", "aon.at", "chello.at", "a1.net", "imkerverein-graz.at"],
  "fr-FR": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "chorale-dieppe.fr"],
  "fr-BE": ["skynet.be", "telenet.be", "voo.be", "proximus.be"],
  "es-ES": ["telefonica.net", "gmail.com", "hotmail.es", "yahoo.es", "autoescuela-cangas.es"],
  "it-IT": ["libero.it", "virgilio.it", "alice.it", "tiscali.it", "tin.it", "ortisociali-bologna.it"],
  "nl-NL": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "planet.nl", "volkstuin-zwolle.nl"],
  "nl-BE": ["telenet.be", "skynet.be", "scarlet.be", "gmail.com"],
  "pt-PT": ["sapo.pt", "gmail.com", "netcabo.pt", "clix.pt", "hortas-braga.pt"],
  "pt-BR": ["uol.com.br", "bol.com.br", "terra.com.br", "gmail.com", "ig.com.br"],
  "pl-PL": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gazeta.pl", "chor-gdansk.pl"],
};
function makeEmail(loc) {
  const lang = langOf(loc);
  const [f0, l0] = personName(lang);
  const f = fold(f0), l = fold(l0), dom = pick(DOMAINS[loc]);
  const form = pick(["first.last", "first.last", "firstlast", "f.last", "first_last", "last.first", "first+tag", "first.last+digits", "mixed case", "mockjs random", "subdomain", "last-initial digits"]);
  let v;
  switch (form) {
    case "first.last": v = `${f}.${l}@${dom}`; break;
    case "firstlast": v = `${f}${l}@${dom}`; break;
    case "f.last": v = `${f[0]}.${l}@${dom}`; break;
    case "first_last": v = `${f}_${l}@${dom}`; break;
    case "last.first": v = `${l}.${f}@${dom}`; break;
    case "first+tag": v = `${f}+${pick(["tennis", "hostel", "garden", "choir", "invoices", "dentist"])}@${dom}`; break;
    case "first.last+digits": v = `${f}.${l}${int(1, 99)}@${dom}`; break;
    case "mixed case": v = `${f0.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z]/g, "")}.${l0.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z]/g, "")}@${dom}`; break;
    case "mockjs random": v = R.email(); break;
    case "subdomain": v = `${f}@${pick(["mail", "post", "members", "office"])}.${dom}`; break;
    default: v = `${l}${f[0]}${int(60, 99)}@${dom}`;
  }
  return { sub: "email", form, value: v };
}

// ---- phones: national numbering plans (NSN = national significant number)
const P = {
  US: { cc: "1", trunk: "", plans: [{ p: ["212", "415", "312", "617", "206", "303", "512", "404", "702", "919", "503", "612"], len: 10, g: [3, 3, 4] }] },
  GB: { cc: "44", trunk: "0", plans: [{ p: ["74", "75", "77", "78", "79"], len: 10, g: [4, 6] }, { p: ["207", "208"], len: 10, g: [2, 4, 4] }, { p: ["1614", "1134", "1314", "1174"], len: 10, g: [3, 3, 4] }] },
  IE: { cc: "353", trunk: "0", plans: [{ p: ["83", "85", "86", "87"], len: 9, g: [2, 3, 4] }, { p: ["1"], len: 8, g: [1, 3, 4] }, { p: ["214"], len: 9, g: [2, 3, 4] }] },
  AU: { cc: "61", trunk: "0", plans: [{ p: ["4"], len: 9, g: [3, 3, 3] }, { p: ["29", "38", "73", "89"], len: 9, g: [1, 4, 4] }] },
  DE: { cc: "49", trunk: "0", plans: [{ p: ["151", "152", "157", "160", "162", "163"], len: 11, g: [3, 4, 4] }, { p: ["170", "171", "175"], len: 10, g: [3, 7] }, { p: ["30", "40"], len: 10, g: [2, 8] }, { p: ["89", "69"], len: 9, g: [2, 7] }, { p: ["221", "711"], len: 10, g: [3, 7] }] },
  AT: { cc: "43", trunk: "0", plans: [{ p: ["664", "676", "650", "699"], len: 10, g: [3, 7] }, { p: ["1"], len: 8, g: [1, 7] }, { p: ["316"], len: 9, g: [3, 6] }] },
  FR: { cc: "33", trunk: "0", plans: [{ p: ["6", "73", "75", "76", "77", "78"], len: 9, g: [1, 2, 2, 2, 2] }, { p: ["1", "2", "3", "4", "5"], len: 9, g: [1, 2, 2, 2, 2] }] },
  BE: { cc: "32", trunk: "0", plans: [{ p: ["47", "48", "49"], len: 9, g: [3, 2, 2, 2] }, { p: ["2"], len: 8, g: [1, 3, 2, 2] }, { p: ["9", "3"], len: 8, g: [1, 3, 2, 2] }] },
  ES: { cc: "34", trunk: "", plans: [{ p: ["6"], len: 9, g: [3, 3, 3] }, { p: ["91", "93", "95", "96"], len: 9, g: [2, 3, 2, 2] }] },
  IT: { cc: "39", trunk: "", plans: [{ p: ["32", "33", "34", "35", "36", "38", "39"], len: 10, g: [3, 3, 4] }, { p: ["06", "02"], len: 10, g: [2, 4, 4] }] },
  NL: { cc: "31", trunk: "0", plans: [{ p: ["6"], len: 9, g: [1, 8] }, { p: ["20", "10", "30"], len: 9, g: [2, 3, 4] }] },
  PT: { cc: "351", trunk: "", plans: [{ p: ["91", "92", "93", "96"], len: 9, g: [3, 3, 3] }, { p: ["21", "22"], len: 9, g: [3, 3, 3] }] },
  BR: { cc: "55", trunk: "", plans: [{ p: ["119", "219", "319", "419", "519", "619", "719", "819"], len: 11, g: [2, 5, 4] }, { p: ["113", "212", "313", "413"], len: 10, g: [2, 4, 4] }] },
  PL: { cc: "48", trunk: "", plans: [{ p: ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"], len: 9, g: [3, 3, 3] }, { p: ["22", "12", "58", "61"], len: 9, g: [2, 3, 2, 2] }] },
};
function groupStr(s, g, sep) {
  const out = []; let i = 0;
  for (let k = 0; k < g.length; k++) { const n = k === g.length - 1 ? s.length - i : g[k]; out.push(s.slice(i, i + n)); i += n; }
  return out.filter((x) => x).join(sep);
}
function makePhone(loc, broken) {
  const reg = region(loc);
  // sometimes a foreign number written with the dialling prefix of the locale
  let numReg = reg, idd = null;
  if (reg === "US" && chance(0.2)) { numReg = pick(["GB", "IE", "DE", "FR", "IT"]); idd = "011"; }
  if (reg === "AU" && chance(0.2)) { numReg = pick(["GB", "IE", "NL", "PL"]); idd = "0011"; }
  const pl = P[numReg], plan = pick(pl.plans);
  const pre = pick(plan.p);
  let nsn = pre + digits(plan.len - pre.length);
  if (reg === "US" || numReg === "US") nsn = pre + String(int(2, 9)) + digits(6);
  if (numReg === "US" && nsn.slice(3, 6) === "555") nsn = nsn.slice(0, 3) + "556" + nsn.slice(6);
  if (broken) nsn = chance(0.5) ? nsn.slice(0, -1) : nsn + String(int(0, 9));
  const g = plan.g;
  let v, form;
  if (idd) {
    form = `international, ${idd} prefix`; v = `${idd} ${pl.cc} ${groupStr(nsn, g, " ")}`;
  } else {
    const style = pick(["national spaced", "national spaced", "national dashes", "national dots", "national compact", "national slash", "national parentheses", "international spaced", "international spaced", "E.164", "00 prefix", "international with (0)"]);
    const nat = pl.trunk + nsn;
    const ng = [g[0] + pl.trunk.length, ...g.slice(1)];
    switch (style) {
      case "national spaced": v = groupStr(nat, ng, " "); break;
      case "national dashes": v = groupStr(nat, ng, "-"); break;
      case "national dots": v = groupStr(nat, ng, "."); break;
      case "national compact": v = nat; break;
      case "national slash": { const [a, ...r] = [nat.slice(0, ng[0]), nat.slice(ng[0])]; v = `${a}/${groupStr(r[0], ng.slice(1), " ")}`; break; }
      case "national parentheses": v = `(${nat.slice(0, ng[0])}) ${groupStr(nat.slice(ng[0]), ng.slice(1), numReg === "US" || numReg === "BR" ? "-" : " ")}`; break;
      case "international spaced": v = `+${pl.cc} ${groupStr(nsn, g, " ")}`; break;
      case "E.164": v = `+${pl.cc}${nsn}`; break;
      case "00 prefix": v = `00${pl.cc} ${groupStr(nsn, g, " ")}`; break;
      default: v = pl.trunk ? `+${pl.cc} (${pl.trunk})${groupStr(nsn, g, " ")}` : `+${pl.cc} ${groupStr(nsn, g, "-")}`;
    }
    form = style;
    if (style === "international with (0)" && !pl.trunk) form = "international dashes";
  }
  if (chance(0.08)) { const e = String(int(2, 999)); v += pick([` ext. ${e}`, ` x${e}`, ` ext ${e}`]); form += ", with extension"; }
  return { sub: "phone", form, value: v, region: reg };
}

// ---- cards: issuer prefixes + Luhn
function luhnCheck(body) {
  let s = 0;
  for (let i = 0; i < body.length; i++) { let d = +body[body.length - 1 - i]; if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; } s += d; }
  return String((10 - (s % 10)) % 10);
}
const BRANDS = [
  ["Visa", 30, () => ["4", pick([16, 16, 16, 16, 13, 19])]],
  ["MasterCard", 28, () => [chance(0.7) ? String(int(51, 55)) : String(int(2221, 2720)), 16]],
  ["American Express", 15, () => [pick(["34", "37"]), 15]],
  ["Discover", 12, () => [pick(["6011", "644", "645", "646", "647", "648", "649", "65"]), pick([16, 16, 16, 19])]],
  ["Maestro", 15, () => [pick(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), int(12, 19)]],
];
function makeCard(broken) {
  const tot = BRANDS.reduce((a, b) => a + b[1], 0);
  let r = int(1, tot), b = BRANDS[0];
  for (const x of BRANDS) { if (r <= x[1]) { b = x; break; } r -= x[1]; }
  const [pre, len] = b[2]();
  const body = pre + digits(len - 1 - pre.length);
  let c = luhnCheck(body);
  if (broken) c = String((+c + int(1, 9)) % 10);
  const num = body + c;
  let g = [4, 4, 4, 4, 3];
  if (len === 15) g = [4, 6, 5];
  if (len === 13) g = [4, 3, 3, 3];
  const form = pick(len === 15 ? ["groups 4-6-5", "groups 4-6-5", "compact", "dashes 4-6-5"] : ["groups of four", "groups of four", "groups of four", "compact", "dashes", "dots"]);
  const sep = form.startsWith("groups") ? " " : form.startsWith("dashes") ? "-" : form === "dots" ? "." : "";
  return { sub: b[0], form, value: sep ? groupStr(num, g, sep) : num };
}

// ---- IBAN: ISO 13616 mod 97
function mod97(s) { let r = 0; for (const ch of s) r = (r * 10 + +ch) % 97; return r; }
const toNum = (s) => s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
const ALNUM = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const letters = (n) => Array.from({ length: n }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[int(0, 25)]).join("");
function ccc(s) { const w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]; let t = 0; for (let i = 0; i < 10; i++) t += +s[i] * w[i]; const d = 11 - (t % 11); return String(d === 11 ? 0 : d === 10 ? 1 : d); }
const BBAN = {
  DE: () => digits(18), AT: () => digits(16),
  FR: () => digits(10) + digits(11) + digits(2),
  BE: () => { const a = digits(10); const k = Number(BigInt(a) % 97n) || 97; return a + pad(k, 2); },
  ES: () => { const bank = digits(8), acc = digits(10); return bank + ccc("00" + bank) + ccc(acc) + acc; },
  IT: () => letters(1) + digits(10) + digits(12),
  NL: () => pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"]) + digits(10),
  PT: () => digits(21), PL: () => digits(24),
  GB: () => pick(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + digits(14),
  IE: () => pick(["AIBK", "BOFI", "IPBS"]) + digits(14),
  LU: () => digits(3) + digits(13), CH: () => digits(5) + digits(12),
  BR: () => digits(23) + "C" + String(int(1, 9)),
};
const IBAN_HOME = { "en-GB": "GB", "en-IE": "IE", "de-DE": "DE", "de-AT": "AT", "fr-FR": "FR", "fr-BE": "BE", "es-ES": "ES", "it-IT": "IT", "nl-NL": "NL", "nl-BE": "BE", "pt-PT": "PT", "pt-BR": "BR", "pl-PL": "PL" };
function makeIban(loc, broken) {
  const cc = IBAN_HOME[loc] && chance(0.7) ? IBAN_HOME[loc] : pick(Object.keys(BBAN));
  const bban = BBAN[cc]();
  let ck = 98 - mod97(toNum(bban + cc + "00"));
  if (broken) ck = ((ck - 2 + int(1, 96)) % 97) + 2;
  const ib = cc + pad(ck, 2) + bban;
  const form = pick(["groups of four", "groups of four", "groups of four", "compact", "compact", "groups of four, lowercase"]);
  let v = form === "compact" ? ib : groupStr(ib, Array(Math.ceil(ib.length / 4)).fill(4), " ");
  if (form.endsWith("lowercase")) v = v.toLowerCase();
  return { sub: "iban", form, value: v };
}

// ---- the eight national identifiers
function mod1110(s) { let p = 10; for (const ch of s) { let t = (+ch + p) % 10; if (t === 0) t = 10; p = (2 * t) % 11; } return String((11 - p) % 10); }
const CF_ODD = { 0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
const cfEven = (c) => (/[0-9]/.test(c) ? +c : c.charCodeAt(0) - 65);
function cfPart(s, isName) {
  const u = fold(s).toUpperCase(); const cons = u.replace(/[AEIOU]/g, ""), vow = u.replace(/[^AEIOU]/g, "");
  if (isName && cons.length >= 4) return cons[0] + cons[2] + cons[3];
  return (cons + vow + "XXX").slice(0, 3);
}
const DNI = "TRWAGMYFPDXBNJZSQVHLCKE";
const wrongFrom = (alpha, right) => { let c; do { c = alpha[int(0, alpha.length - 1)]; } while (c === right); return c; };
const ID = {
  us_ssn(broken) {
    let a = int(1, 899); if (a === 666) a = 667;
    let parts = [pad(a, 3), pad(int(1, 99), 2), pad(int(1, 9999), 4)];
    if (broken) { const k = int(0, 2); parts[k] = k === 0 ? pick(["000", "666", String(int(900, 999))]) : k === 1 ? "00" : "0000"; }
    const form = pick(["dashes", "dashes", "dashes", "spaced", "compact"]);
    return [form, parts.join(form === "dashes" ? "-" : form === "spaced" ? " " : "")];
  },
  uk_nino(broken) {
    const F = "ABCEGHJKLMNOPRSTWXYZ", S = "ABCEGHJKLMNPRSTWXYZ";
    let p; do { p = F[int(0, F.length - 1)] + S[int(0, S.length - 1)]; } while (["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].includes(p));
    let suf = "ABCD"[int(0, 3)];
    if (broken) { if (chance(0.5)) suf = pick(["E", "F", "G", "X"]); else p = pick(["DA", "QQ", "BG", "FY", "GB"]); }
    const d = digits(6);
    const form = pick(["spaced pairs", "spaced pairs", "compact", "compact lowercase"]);
    const v = form === "spaced pairs" ? `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suf}` : p + d + suf;
    return [form, form.endsWith("lowercase") ? v.toLowerCase() : v];
  },
  nl_bsn(broken) {
    let b, r; do { b = String(int(1, 9)) + digits(7); r = 0; for (let i = 0; i < 8; i++) r += +b[i] * (9 - i); r %= 11; } while (r === 10);
    let c = String(r); if (broken) c = wrongFrom("0123456789", c);
    const n = b + c; const form = pick(["compact", "compact", "dots 4.2.3", "spaced 3-3-3"]);
    return [form, form === "compact" ? n : form.startsWith("dots") ? `${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}` : groupStr(n, [3, 3, 3], " ")];
  },
  de_idnr(broken) {
    const pool = "0123456789".split(""); const ds = [];
    while (ds.length < 9) { const d = pool.splice(int(0, pool.length - 1), 1)[0]; ds.push(d); }
    ds.splice(int(0, 9), 0, ds[int(0, 8)]);
    if (ds[0] === "0") { const j = ds.findIndex((x) => x !== "0"); [ds[0], ds[j]] = [ds[j], ds[0]]; }
    const b = ds.join(""); let c = mod1110(b); if (broken) c = wrongFrom("0123456789", c);
    const n = b + c; const form = pick(["spaced 2-3-3-3", "spaced 2-3-3-3", "compact", "compact"]);
    return [form, form === "compact" ? n : groupStr(n, [2, 3, 3, 3], " ")];
  },
  fr_nir(broken) {
    const dept = pick([pad(int(1, 19), 2), pad(int(21, 95), 2), "2A", "2B", "75", "69", "13"]);
    const b = String(int(1, 2)) + pad(int(40, 99), 2) + pad(int(1, 12), 2) + dept + pad(int(1, 990), 3) + pad(int(1, 999), 3);
    const numeric = b.replace("2A", "19").replace("2B", "18");
    let k = pad(97 - Number(BigInt(numeric) % 97n), 2); if (broken) k = pad((+k + int(1, 96)) % 97 || 97, 2);
    const n = b + k; const form = pick(["spaced 1-2-2-2-3-3-2", "spaced 1-2-2-2-3-3-2", "compact", "compact with key spaced"]);
    return [form, form === "compact" ? n : form === "compact with key spaced" ? `${b} ${k}` : groupStr(n, [1, 2, 2, 2, 3, 3, 2], " ")];
  },
  es_dni(broken) {
    const d = digits(8); let l = DNI[Number(d) % 23]; if (broken) l = wrongFrom(DNI, l);
    const form = pick(["compact", "compact", "dash before letter", "dots and dash", "space before letter"]);
    return [form, form === "compact" ? d + l : form === "dash before letter" ? `${d}-${l}` : form === "dots and dash" ? `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5)}-${l}` : `${d} ${l}`];
  },
  es_nie(broken) {
    const x = pick(["X", "Y", "Z"]), d = digits(7); let l = DNI[Number("XYZ".indexOf(x) + d) % 23]; if (broken) l = wrongFrom(DNI, l);
    const form = pick(["compact", "compact", "dashes", "spaced"]);
    return [form, form === "compact" ? x + d + l : form === "dashes" ? `${x}-${d}-${l}` : `${x} ${d} ${l}`];
  },
  it_cf(broken) {
    const [fn, ln] = personName("it"); const female = chance(0.5);
    const b = cfPart(ln, false) + cfPart(fn, true) + pad(int(40, 99), 2) + "ABCDEHLMPRST"[int(0, 11)] + pad(int(1, 28) + (female ? 40 : 0), 2) + pick(["H501", "F205", "F839", "L219", "G273", "A944", "D612", "L736", "A662", "C351"]);
    let s = 0; for (let i = 0; i < 15; i++) s += i % 2 === 0 ? CF_ODD[b[i]] : cfEven(b[i]);
    let c = String.fromCharCode(65 + (s % 26)); if (broken) c = wrongFrom("ABCDEFGHIJKLMNOPQRSTUVWXYZ", c);
    const n = b + c; const form = pick(["compact", "compact", "compact", "compact lowercase", "spaced 3-3-5-5"]);
    return [form, form === "compact" ? n : form === "compact lowercase" ? n.toLowerCase() : groupStr(n, [3, 3, 5, 5], " ")];
  },
};
const ID_LOCALES = { us_ssn: ["en-US"], uk_nino: ["en-GB", "en-IE", "pl-PL"], nl_bsn: ["nl-NL", "nl-BE", "pl-PL"], de_idnr: ["de-DE", "de-AT", "pl-PL"], fr_nir: ["fr-FR", "fr-BE"], es_dni: ["es-ES"], es_nie: ["es-ES", "pt-PT", "pt-BR", "pl-PL"], it_cf: ["it-IT"] };

// ---- build the PII entries: several candidates each, keep the first whose reference check
// matches the intent (valid / deliberately broken); the label is always the reference's answer
const PLAN = [];
const plocs = (k) => (k === "national_id" ? null : LOCALES);
for (const kind of ["email", "phone", "card", "iban"]) for (let i = 0; i < 400; i++) PLAN.push({ kind, loc: pick(plocs(kind)), broken: kind !== "email" && chance(0.1) });
for (const sub of Object.keys(ID)) for (let i = 0; i < 50; i++) PLAN.push({ kind: "national_id", sub, loc: pick(ID_LOCALES[sub]), broken: chance(0.1) });
const K = 8;
const cands = PLAN.map((p) => Array.from({ length: p.kind === "email" ? 1 : K }, () => {
  if (p.kind === "email") return makeEmail(p.loc);
  if (p.kind === "phone") return makePhone(p.loc, p.broken);
  if (p.kind === "card") return makeCard(p.broken);
  if (p.kind === "iban") return makeIban(p.loc, p.broken);
  const [form, value] = ID[p.sub](p.broken);
  return { sub: p.sub, form, value };
}));
const flat = cands.flatMap((cs, i) => cs.map((c) => ({ kind: PLAN[i].kind, sub: c.sub, value: c.value, region: c.region ?? null })));
const res = spawnSync(PY, [REF], { input: flat.map((r) => JSON.stringify(r)).join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 28 });
if (res.status !== 0) throw new Error(`reference checks failed: ${res.stderr}`);
const ref = JSON.parse(res.stdout);
let at = 0;
const pii = PLAN.map((p, i) => {
  const cs = cands[i], ok = ref.passes.slice(at, at + cs.length); at += cs.length;
  let j = ok.findIndex((x) => x === null || x === !p.broken);
  if (j < 0) j = 0;
  const c = cs[j], lang = langOf(p.loc);
  const tix = pick(tindex[`${lang}/${p.kind}`]);
  const [fn, ln] = personName(lang);
  const text = templates[tix].text.replace("{name}", `${fn} ${ln}`).replace("{v}", c.value);
  return { locale: p.loc, kind: p.kind, sub: c.sub, form: c.form, check: ok[j] === null ? "n/a" : ok[j] ? "valid" : "invalid", template: tix, text, values: [c.value] };
});

// ---- benign: number-heavy sentences with no personal identifier
const n = (a, b) => String(int(a, b));
const d2 = (a, b) => pad(int(a, b), 2);
const dec = (a, b, p = 1) => (int(a * 10 ** p, b * 10 ** p) / 10 ** p).toFixed(p);
const luhnDigits = (len) => { const b = digits(len - 1); return b + luhnCheck(b); };
const ean13 = () => { const b = "400" + digits(9); let s = 0; for (let i = 0; i < 12; i++) s += +b[i] * (i % 2 ? 3 : 1); return b + ((10 - (s % 10)) % 10); };
const isbn = () => { const b = "978" + pick(["3", "2", "84", "88", "90", "83", "0", "1"]) + digits(8); const c = b.slice(0, 12); let s = 0; for (let i = 0; i < 12; i++) s += +c[i] * (i % 2 ? 3 : 1); return `${c.slice(0, 3)}-${c.slice(3, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}-${(10 - (s % 10)) % 10}`; };
const F = {
  membership: [["en", () => `Allotment society membership no. ${n(100, 999)}/${n(10, 24)}, plot ${n(1, 80)}B, annual rent ${dec(30, 120, 2)}.`], ["de", () => `Mitgliedsnummer ${n(10000, 99999)} im Schachclub, Spielstärke ${n(1200, 2200)} DWZ.`], ["nl", () => `Lidnummer ${n(1000, 9999)} van de roeivereniging, boot ${n(1, 14)}, ploeg ${n(1, 6)}.`]],
  lab_sample: [["en", () => `Soil sample LAB-${n(2019, 2025)}-${pad(int(1, 99999), 5)} from bed ${n(1, 30)}: pH ${dec(5, 8)}, nitrate ${n(5, 90)} mg/kg.`], ["fr", () => `Échantillon n° ${n(10, 99)}-${pad(int(1, 9999), 4)}, tube ${n(1, 96)}, lu à ${dec(200, 700, 0)} nm.`], ["it", () => `Campione ${n(100, 999)}/${n(2019, 2025)} del pozzo ${n(1, 12)}: ${dec(0, 3, 2)} mg/l di ferro.`]],
  train_seat: [["de", () => `ICE ${n(500, 1999)}, Wagen ${n(1, 14)}, Platz ${n(11, 118)}, Abfahrt ${d2(5, 22)}:${d2(0, 59)} von Gleis ${n(1, 18)}.`], ["fr", () => `TGV ${n(6000, 9999)}, voiture ${n(1, 18)}, place ${n(1, 96)}, départ ${d2(5, 22)}h${d2(0, 59)} voie ${pick("ABCDEFGHIJK".split(""))}.`], ["en", () => `The ${d2(5, 22)}:${d2(0, 59)} to Leeds, coach ${pick("ABCDEFGH".split(""))}, seat ${n(1, 80)}, platform ${n(1, 17)}.`]],
  serial_number: [["en", () => `Boiler serial number ${n(10, 99)}${letters(2)}${n(100000, 999999)}, fitted ${d2(1, 28)}/${d2(1, 12)}/${n(2010, 2024)}.`], ["de", () => `Seriennummer der Wärmepumpe: ${letters(3)}-${n(10000, 99999)}-${n(100, 999)}, Baujahr ${n(2012, 2024)}.`], ["pl", () => `Numer seryjny pieca: ${n(1000, 9999)}-${n(1000, 9999)}-${letters(2)}, moc ${n(12, 35)} kW.`]],
  lottery: [["en", () => `Raffle ticket ${pad(int(1, 9999), 4)} won the hamper; tickets ${pad(int(1, 4999), 4)} to ${pad(int(5000, 9999), 4)} were sold.`], ["es", () => `Décimo de lotería número ${pad(int(0, 99999), 5)}, serie ${n(1, 160)}, fracción ${n(1, 10)}.`], ["it", () => `Biglietto della lotteria della parrocchia n. ${pad(int(1, 99999), 5)}, estrazione il ${n(1, 28)} maggio.`]],
  sort_code: [["en", () => `Our bank's sort code is ${d2(10, 99)}-${d2(0, 99)}-${d2(0, 99)}; the branch is on Market Street.`], ["en", () => `Sort code ${d2(10, 99)}-${d2(0, 99)}-${d2(0, 99)} belongs to the Chester branch, which closes at ${n(3, 5)} pm.`]],
  coordinates: [["en", () => `Campsite at ${dec(36, 60, 4)}° N, ${dec(0, 20, 4)}° E, elevation ${n(10, 1800)} m.`], ["de", () => `Treffpunkt: ${dec(47, 55, 5)}, ${dec(6, 15, 5)} (WGS84), Parkplatz ${n(1, 4)}.`], ["es", () => `Coordenadas del refugio: ${dec(36, 43, 4)}° N, ${dec(1, 9, 4)}° O.`]],
  measurements: [["en", () => `The kitchen is ${dec(2, 6, 2)} m by ${dec(2, 6, 2)} m, ceiling ${dec(2, 3, 2)} m.`], ["fr", () => `Le salon fait ${dec(12, 45, 1)} m², fenêtre ${n(80, 240)} × ${n(60, 180)} cm.`], ["nl", () => `De schuur meet ${dec(2, 5, 1)} bij ${dec(2, 5, 1)} meter, dakhelling ${n(15, 45)} graden.`]],
  dates_times: [["en", () => `Rehearsals on ${n(1, 28)}/${n(1, 12)}/${n(2024, 2026)} from ${d2(9, 12)}:${d2(0, 59)} to ${d2(13, 18)}:${d2(0, 59)}.`], ["it", () => `Apertura ${d2(1, 28)}.${d2(1, 12)}.${n(2024, 2026)} ore ${d2(8, 20)}:${pick(["00", "15", "30", "45"])}, chiusura ore ${d2(21, 23)}:00.`], ["pt", () => `Reunião a ${d2(1, 28)}-${d2(1, 12)}-${n(2024, 2026)} às ${d2(8, 20)}h${pick(["00", "30"])}, sala ${n(1, 12)}.`]],
  sports_stats: [["en", () => `She scored ${n(10, 40)} points, ${n(2, 12)}/${n(12, 20)} from the field and ${n(0, 9)} rebounds in ${n(20, 40)} minutes.`], ["de", () => `Endstand ${n(0, 5)}:${n(0, 5)}, Ballbesitz ${n(35, 65)} %, ${n(5, 25)} Torschüsse, ${n(10000, 80000)} Zuschauer.`], ["es", () => `El tenista ganó ${n(6, 7)}-${n(0, 5)}, ${n(6, 7)}-${n(0, 5)} con ${n(2, 20)} saques directos.`]],
  postal_codes: [["de", () => `Lieferung nach ${pad(int(1067, 99998), 5)} Musterstadt, Hinterhaus ${n(1, 4)}. OG.`], ["fr", () => `Le salon se tient au ${n(1, 200)} rue des Lilas, ${pad(int(1000, 95999), 5)}, entrée ${pick("ABC".split(""))}.`], ["pl", () => `Kod pocztowy ${d2(0, 99)}-${pad(int(0, 999), 3)}, skrytka ${n(1, 400)}.`]],
  model_numbers: [["en", () => `Replacement filter for model ${letters(3)}${n(100, 999)}-${n(10, 99)}, part no. ${pad(int(1, 99999999), 8)}.`], ["de", () => `Ersatzteil ${n(10000, 99999)}-${n(100, 999)} passt zu Modell ${letters(2)} ${n(200, 900)}.`], ["it", () => `Ricambio cod. ${n(100000, 999999)} per il modello ${letters(1)}${n(10, 99)}-${n(1000, 9999)}.`]],
  isbn: [["en", () => `The book club reads ISBN ${isbn()} next month, ${n(180, 620)} pages.`], ["fr", () => `Commander l'ouvrage ISBN ${isbn()} pour la bibliothèque, ${n(12, 35)} €.`], ["de", () => `Lehrbuch ISBN ${isbn()}, ${n(2, 9)}. Auflage, Kapitel ${n(1, 20)}.`]],
  invoice_numbers: [["en", () => `Invoice ${n(2023, 2025)}-${pad(int(1, 9999), 5)} for ${n(2, 40)} hours of work, total ${dec(100, 4000, 2)}.`], ["de", () => `Rechnung Nr. ${n(100000, 999999)} vom ${d2(1, 28)}.${d2(1, 12)}.${n(2024, 2025)}, Betrag ${dec(40, 2500, 2).replace(".", ",")} €.`], ["es", () => `Factura F${n(2024, 2025)}/${pad(int(1, 9999), 4)}, base imponible ${dec(50, 3000, 2).replace(".", ",")} €, IVA 21 %.`]],
  parcel_tracking: [["en", () => `Parcel tracking reference ${letters(2)}${n(100000000, 999999999)}GB, ${dec(0, 25, 1)} kg, ${n(1, 5)} items.`], ["nl", () => `Pakket met trackingcode 3S${letters(4)}${n(1000000, 9999999)} weegt ${dec(0, 20, 1)} kg.`], ["de", () => `Sendungsnummer ${n(100000, 999999)}${n(100000, 999999)} (Paket, ${n(1, 31)} kg), Zustellung Dienstag.`]],
  imei: [["en", () => `The IMEI of the lost handset is ${luhnDigits(15)}; it was reported to the insurer.`], ["fr", () => `Le numéro IMEI du téléphone retrouvé est ${luhnDigits(15)}.`], ["es", () => `El IMEI del móvil averiado es ${luhnDigits(15)}, garantía de ${n(1, 3)} años.`]],
  prices: [["de", () => `Gesamtpreis ${n(1, 9)}.${pad(int(0, 999), 3)},${d2(0, 99)} € inkl. ${n(7, 19)} % MwSt.`], ["en", () => `Quote: ${n(1, 9)},${pad(int(0, 999), 3)}.${d2(0, 99)} for labour plus ${n(100, 999)}.${d2(0, 99)} materials.`], ["pl", () => `Koszt remontu ${n(1, 99)} ${pad(int(0, 999), 3)},${d2(0, 99)} zł brutto.`]],
  meter_readings: [["en", () => `Electricity meter reading ${pad(int(0, 99999), 5)}.${n(0, 9)} kWh, gas ${pad(int(0, 9999), 4)}.${pad(int(0, 999), 3)} m³.`], ["de", () => `Zählerstand Wasser ${pad(int(0, 9999), 5)},${pad(int(0, 999), 3)} m³ am ${d2(1, 28)}.${d2(1, 12)}.`], ["nl", () => `Meterstand gas ${pad(int(0, 99999), 5)}.${pad(int(0, 999), 3)} m³, stroom ${pad(int(0, 99999), 6)} kWh.`]],
  flights: [["en", () => `Flight ${pick(["LH", "BA", "AF", "IB", "KL", "FR"])} ${n(100, 9999)} departs gate ${pick("ABCDE".split(""))}${n(1, 60)} at ${d2(5, 23)}:${d2(0, 59)}, booking reference ${letters(6)}.`], ["it", () => `Volo ${pick(["AZ", "FR", "U2"])} ${n(100, 9999)}, posto ${n(1, 33)}${pick("ABCDEF".split(""))}, imbarco ${d2(5, 23)}:${d2(0, 59)}.`], ["pt", () => `Voo ${pick(["TP", "FR"])} ${n(100, 9999)}, porta ${n(1, 48)}, lugar ${n(1, 33)}${pick("ABCDEF".split(""))}.`]],
  recipes: [["en", () => `Bake ${n(250, 900)} g flour with ${n(5, 14)} g salt at ${n(180, 240)} °C for ${n(25, 55)} minutes.`], ["fr", () => `Mélanger ${n(100, 500)} g de farine, ${n(2, 6)} œufs et ${n(20, 50)} cl de lait, cuire ${n(20, 45)} min.`], ["es", () => `Para ${n(4, 12)} personas: ${n(300, 800)} g de arroz, ${dec(1, 2, 1)} l de caldo, ${n(15, 25)} minutos.`]],
  software_versions: [["en", () => `Updated the ticket scanner to v${n(1, 12)}.${n(0, 30)}.${n(0, 99)} (build ${n(2023, 2025)}${d2(1, 12)}${d2(1, 28)}.${n(1, 9)}).`], ["de", () => `Firmware ${n(1, 9)}.${n(0, 99)}.${n(0, 999)} behebt Fehler ${pad(int(1, 9999), 4)} im Kassensystem.`], ["nl", () => `Versie ${n(1, 20)}.${n(0, 9)}.${n(0, 99)} van de app, buildnummer ${n(1000, 99999)}.`]],
  library_call_numbers: [["en", () => `Shelf mark ${n(100, 999)}.${n(1, 9999)} ${letters(3)}, floor ${n(1, 4)}, returned after ${n(1, 60)} days.`], ["fr", () => `Cote ${n(100, 999)}.${n(1, 99)} ${letters(3)}, magasin ${n(1, 6)}, rayon ${n(1, 40)}.`], ["pl", () => `Sygnatura ${letters(1)} ${n(1000, 99999)}, regał ${n(1, 50)}, półka ${n(1, 8)}.`]],
  stock_market: [["en", () => `The FTSE 100 closed at ${n(7000, 8900)}.${d2(0, 99)}, up ${dec(0, 3, 2)}% on volume of ${n(400, 999)} million.`], ["de", () => `Der DAX schloss bei ${n(15, 19)}.${pad(int(0, 999), 3)},${d2(0, 99)} Punkten, ${dec(0, 2, 2).replace(".", ",")} % im Plus.`], ["es", () => `El IBEX 35 cerró en ${n(9, 12)}.${pad(int(0, 999), 3)},${n(0, 9)} puntos.`]],
  weather: [["en", () => `High of ${n(12, 34)}°C, pressure ${n(990, 1035)} hPa, wind ${n(5, 60)} km/h from ${n(0, 359)}°.`], ["it", () => `Minima ${n(-5, 15)} °C, massima ${n(16, 38)} °C, umidità ${n(30, 95)} %, pioggia ${dec(0, 40, 1)} mm.`], ["pl", () => `Temperatura ${n(-10, 30)} °C, ciśnienie ${n(990, 1035)} hPa, opady ${dec(0, 30, 1)} mm.`]],
  hiking: [["de", () => `Wanderung: ${dec(5, 30, 1).replace(".", ",")} km, ${n(200, 1800)} Höhenmeter, Gipfel auf ${n(1000, 3800)} m, Dauer ${n(2, 9)} h ${d2(0, 59)} min.`], ["fr", () => `Randonnée de ${dec(5, 30, 1)} km, dénivelé ${n(200, 1800)} m, sommet à ${n(900, 4800)} m.`], ["en", () => `Route ${n(1, 99)}: ${dec(3, 25, 1)} miles, ${n(100, 3000)} ft of climbing, about ${n(2, 8)} hours.`]],
  barcodes: [["en", () => `The jam jar label barcode is EAN ${ean13()}, batch ${n(100, 999)}.`], ["de", () => `EAN-Code der Honiggläser: ${ean13()}, Inhalt ${n(250, 500)} g.`], ["nl", () => `Streepjescode ${ean13()} op de potten, houdbaar tot ${d2(1, 12)}-${n(2025, 2027)}.`]],
  hotel_rooms: [["en", () => `Rooms ${n(101, 450)} and ${n(101, 450)} are on floor ${n(1, 4)}, breakfast from ${d2(6, 8)}:30 in hall ${n(1, 3)}.`], ["es", () => `Habitación ${n(101, 450)}, planta ${n(1, 4)}, desayuno de ${d2(7, 8)}:00 a ${d2(10, 11)}:00.`], ["pt", () => `Quarto ${n(101, 450)}, piso ${n(1, 4)}, check-out até às ${d2(10, 12)}h.`]],
  statistics: [["en", () => `The parish had ${n(1000, 99999).replace(/\B(?=(\d{3})+$)/g, ",")} residents in ${n(1991, 2021)}, ${dec(0, 9, 1)}% more than a decade earlier.`], ["fr", () => `La commune compte ${n(1000, 99999)} habitants, densité ${n(20, 4000)} hab./km².`], ["it", () => `Il comune conta ${n(1, 99)}.${pad(int(0, 999), 3)} abitanti su ${dec(5, 200, 2).replace(".", ",")} km².`]],
  court_case_numbers: [["de", () => `Aktenzeichen ${n(1, 30)} C ${n(1, 999)}/${n(19, 25)}, Verhandlung am ${d2(1, 28)}.${d2(1, 12)}. um ${d2(9, 15)}:00 Uhr, Saal ${n(1, 240)}.`], ["en", () => `Planning application ${n(19, 25)}/${pad(int(1, 9999), 5)}/FUL for a garage extension of ${dec(10, 40, 1)} m².`], ["nl", () => `Zaaknummer C/${d2(1, 19)}/${n(100000, 999999)}, zitting ${d2(1, 28)}-${d2(1, 12)} om ${d2(9, 16)}.${pick(["00", "30"])} uur.`]],
  bic_codes: [["en", () => `The society's bank uses BIC ${pick(["NWBKGB2L", "BARCGB22", "DEUTDEFF", "COBADEFF", "BNPAFRPP", "INGBNL2A", "RABONL2U", "BCITITMM", "CAIXESBB"])}; transfers take ${n(1, 3)} working days.`], ["de", () => `BIC der Bank: ${pick(["GENODEF1S02", "COLSDE33", "DEUTDEDB", "HYVEDEMM"])}, Bankleitzahl ${n(100, 899)} ${n(100, 999)} ${d2(0, 99)}.`]],
  cas_numbers: [["en", () => `Safety sheet: CAS ${n(50, 99999)}-${d2(0, 99)}-${n(0, 9)}, flash point ${n(10, 200)} °C, store below ${n(5, 30)} °C.`], ["de", () => `Gefahrstoff CAS-Nr. ${n(50, 99999)}-${d2(0, 99)}-${n(0, 9)}, Lagerklasse ${n(3, 13)}, Menge ${n(1, 25)} l.`]],
};
const benign = [];
for (const [family, gens] of Object.entries(F)) {
  const seen = new Set();
  while ([...seen].length < 30) { const [lang, g] = pick(gens); const text = g(); if (!seen.has(text)) { seen.add(text); benign.push({ family, lang, text }); } }
}

const out = {
  source: "mockjs", source_version: MOCK_VERSION, source_licence: "MIT",
  stdnum_version: ref.versions.stdnum_version, phonenumbers_version: ref.versions.phonenumbers_version,
  generator: "bench/make_pii_ninth.mjs", seed: SEED, locales: LOCALES, templates,
  templates_naming_nothing: namingNothing, pii, benign,
};
writeFileSync(OUT, JSON.stringify(out, null, 1) + "\n");
const c = {}; for (const p of pii) { const k = `${p.kind}/${p.check}`; c[k] = (c[k] ?? 0) + 1; }
console.log(OUT, JSON.stringify(c), "benign", benign.length);
