// Tram lines (diva id "020" + line number, network "swm"), one direction, terminus to terminus,
// on their regular routes (no construction diversions). Tram 12 includes the extension
// Scheidplatz - Schwabing Nord opened on 1 January 2025. Where a tram stops at a stop that
// shares a station with the U-/S-Bahn (Hauptbahnhof, Karlsplatz (Stachus), Sendlinger Tor,
// Isartor, Max-Weber-Platz ...) it uses the same global id.
#include "network_data_lines.hpp"

namespace bv::sim {

std::vector<LineData> TramLines() {
  // clang-format off
  return {
    // 12: Romanplatz - Schwabing Nord (24 stops)
    {"12", Mode::kTram, "02012", "swm", {
        "de:09162:215",    // Romanplatz
        "de:09162:221",    // Hubertusstraße
        "de:09162:220",    // Renatastraße
        "de:09162:204",    // Neuhausen
        "de:09162:205",    // Volkartstraße
        "de:09162:190",    // Rotkreuzplatz
        "de:09162:104",    // Albrechtstraße
        "de:09162:105",    // Fasaneriestraße
        "de:09162:11",     // Leonrodplatz
        "de:09162:106",    // Infanteriestraße
        "de:09162:107",    // Barbarastraße
        "de:09162:34",     // Nordbad
        "de:09162:140",    // Hohenzollernplatz
        "de:09162:43",     // Kurfürstenplatz
        "de:09162:422",    // Clemensstraße
        "de:09162:421",    // Karl-Theodor-Straße
        "de:09162:400",    // Scheidplatz
        "de:09162:435",    // Kölner Platz
        "de:09162:433",    // Parzivalplatz
        "de:09162:459",    // Schwabinger Tor
        "de:09162:501",    // Am Münchner Tor
        "de:09162:988",    // Anni-Albers-Straße
        "de:09162:502",    // Domagkstraße
        "de:09162:503",    // Schwabing Nord
    }},
    // 16: Romanplatz - St. Emmeram (33 stops)
    {"16", Mode::kTram, "02016", "swm", {
        "de:09162:215",    // Romanplatz
        "de:09162:219",    // Kriemhildenstraße
        "de:09162:216",    // Steubenplatz
        "de:09162:217",    // Briefzentrum
        "de:09162:218",    // Burghausener Straße
        "de:09162:54",     // Donnersbergerstraße
        "de:09162:222",    // Marsstraße
        "de:09162:223",    // Deroystraße
        "de:09162:7",      // Hackerbrücke
        "de:09162:7000",   // Hauptbahnhof Nord
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:38",     // Müllerstraße
        "de:09162:68",     // Reichenbachplatz
        "de:09162:3",      // Isartor
        "de:09162:84",     // Mariannenplatz
        "de:09162:19",     // Maxmonument
        "de:09162:590",    // Lehel
        "de:09162:81",     // Nationalmuseum/Haus der Kunst
        "de:09162:79",     // Paradiesstraße
        "de:09162:78",     // Tivolistraße
        "de:09162:76",     // Herkomerplatz
        "de:09162:650",    // Effnerplatz
        "de:09162:651",    // Arabellastraße
        "de:09162:655",    // Arabellapark/Klinikum Bogenh.
        "de:09162:653",    // Cosimabad
        "de:09162:633",    // Schlösselgarten
        "de:09162:632",    // Prinz-Eugen-Park
        "de:09162:637",    // Taimerhofstraße
        "de:09162:556",    // Regina-Ullmann-Straße
        "de:09162:601",    // Fritz-Meyer-Weg
        "de:09162:600",    // St. Emmeram
    }},
    // 17: Amalienburgstraße - Effnerplatz (30 stops)
    {"17", Mode::kTram, "02017", "swm", {
        "de:09162:210",    // Amalienburgstraße
        "de:09162:211",    // Botanischer Garten
        "de:09162:212",    // Maria-Ward-Straße
        "de:09162:213",    // Dall'Armistraße
        "de:09162:214",    // Schloss Nymphenburg
        "de:09162:215",    // Romanplatz
        "de:09162:219",    // Kriemhildenstraße
        "de:09162:216",    // Steubenplatz
        "de:09162:217",    // Briefzentrum
        "de:09162:218",    // Burghausener Straße
        "de:09162:54",     // Donnersbergerstraße
        "de:09162:222",    // Marsstraße
        "de:09162:223",    // Deroystraße
        "de:09162:7",      // Hackerbrücke
        "de:09162:7000",   // Hauptbahnhof Nord
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:38",     // Müllerstraße
        "de:09162:68",     // Reichenbachplatz
        "de:09162:26",     // Isartor/Zweibrückenstraße
        "de:09162:69",     // Deutsches Museum
        "de:09162:71",     // Am Gasteig
        "de:09162:72",     // Wiener Platz
        "de:09162:580",    // Max-Weber-Platz
        "de:09162:73",     // Friedensengel/Villa Stuck
        "de:09162:74",     // Holbeinstraße
        "de:09162:75",     // Sternwartstraße
        "de:09162:76",     // Herkomerplatz
        "de:09162:650",    // Effnerplatz
    }},
    // 18: Gondrellplatz - Schwanseestraße (27 stops)
    {"18", Mode::kTram, "02018", "swm", {
        "de:09162:1554",   // Gondrellplatz
        "de:09162:1552",   // Senftenauerstraße
        "de:09162:1516",   // Ammerseestraße
        "de:09162:1213",   // Stegener Weg
        "de:09162:1212",   // Säulingstraße
        "de:09162:1208",   // Fachnerstraße
        "de:09162:1214",   // Hans-Thonauer-Straße
        "de:09162:1202",   // Lautensackstraße
        "de:09162:1206",   // Am Lokschuppen
        "de:09162:64",     // Barthstraße
        "de:09162:65",     // Trappentreustraße
        "de:09162:66",     // Schrenkstraße
        "de:09162:67",     // Holzapfelstraße
        "de:09162:55",     // Hermann-Lingg-Straße
        "de:09162:5000",   // Hauptbahnhof Süd
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:38",     // Müllerstraße
        "de:09162:150",    // Fraunhoferstraße
        "de:09162:41",     // Eduard-Schmid-Straße
        "de:09162:42",     // Mariahilfplatz
        "de:09162:1105",   // Ostfriedhof
        "de:09162:1106",   // St.-Martins-Platz
        "de:09162:1107",   // Werinherstraße
        "de:09162:1110",   // Giesing
        "de:09162:1108",   // Chiemgaustraße
        "de:09162:1109",   // Schwanseestraße
    }},
    // 19: Pasing - Berg am Laim (33 stops)
    {"19", Mode::kTram, "02019", "swm", {
        "de:09162:10",     // Pasing
        "de:09162:1624",   // Rathaus Pasing
        "de:09162:1618",   // Offenbachstraße
        "de:09162:1614",   // Am Knie
        "de:09162:1612",   // Westbad
        "de:09162:1608",   // Lohensteinstraße
        "de:09162:1606",   // Willibaldplatz
        "de:09162:1604",   // Agnes-Bernauer-Platz
        "de:09162:1602",   // Fürstenrieder Straße
        "de:09162:1204",   // Agnes-Bernauer-Straße
        "de:09162:1203",   // Schäufeleinstraße
        "de:09162:1202",   // Lautensackstraße
        "de:09162:1206",   // Am Lokschuppen
        "de:09162:64",     // Barthstraße
        "de:09162:65",     // Trappentreustraße
        "de:09162:66",     // Schrenkstraße
        "de:09162:67",     // Holzapfelstraße
        "de:09162:55",     // Hermann-Lingg-Straße
        "de:09162:5000",   // Hauptbahnhof Süd
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:16",     // Lenbachplatz
        "de:09162:20",     // Marienplatz (Theatinerstraße)
        "de:09162:17",     // Nationaltheater
        "de:09162:18",     // Kammerspiele
        "de:09162:19",     // Maxmonument
        "de:09162:21",     // Maximilianeum
        "de:09162:580",    // Max-Weber-Platz
        "de:09162:22",     // Flurstraße
        "de:09162:23",     // Grillparzerstraße
        "de:09162:662",    // Einsteinstraße
        "de:09162:646",    // Riedenburger Straße
        "de:09162:910",    // Berg am Laim
    }},
    // 20: Moosach - Karlsplatz (Stachus) (17 stops)
    {"20", Mode::kTram, "02020", "swm", {
        "de:09162:300",    // Moosach
        "de:09162:301",    // Pelkovenstraße
        "de:09162:302",    // Hugo-Troendle-Straße
        "de:09162:303",    // Wintrichring
        "de:09162:304",    // Hanauer Straße
        "de:09162:200",    // Westfriedhof
        "de:09162:305",    // Borstei
        "de:09162:306",    // Olympiapark West
        "de:09162:307",    // Heideckstraße
        "de:09162:11",     // Leonrodplatz
        "de:09162:12",     // Hochschule München (Lothstr.)
        "de:09162:13",     // Sandstraße
        "de:09162:170",    // Stiglmaierplatz
        "de:09162:15",     // Karlstraße
        "de:09162:7000",   // Hauptbahnhof Nord
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:1",      // Karlsplatz (Stachus)
    }},
    // 21: Westfriedhof - St.-Veit-Straße (26 stops)
    {"21", Mode::kTram, "02021", "swm", {
        "de:09162:200",    // Westfriedhof
        "de:09162:305",    // Borstei
        "de:09162:306",    // Olympiapark West
        "de:09162:307",    // Heideckstraße
        "de:09162:11",     // Leonrodplatz
        "de:09162:12",     // Hochschule München (Lothstr.)
        "de:09162:13",     // Sandstraße
        "de:09162:170",    // Stiglmaierplatz
        "de:09162:15",     // Karlstraße
        "de:09162:7000",   // Hauptbahnhof Nord
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:16",     // Lenbachplatz
        "de:09162:20",     // Marienplatz (Theatinerstraße)
        "de:09162:17",     // Nationaltheater
        "de:09162:18",     // Kammerspiele
        "de:09162:19",     // Maxmonument
        "de:09162:21",     // Maximilianeum
        "de:09162:580",    // Max-Weber-Platz
        "de:09162:88",     // Wörthstraße
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:46",     // Haidenauplatz
        "de:09162:901",    // Ampfingstraße
        "de:09162:902",    // Schlüsselbergstraße
        "de:09162:903",    // Baumkirchner Straße
        "de:09162:904",    // Mutschellestraße
        "de:09162:906",    // St.-Veit-Straße
    }},
    // 23: Münchner Freiheit - Schwabing Nord (8 stops)
    {"23", Mode::kTram, "02023", "swm", {
        "de:09162:500",    // Münchner Freiheit
        "de:09162:434",    // Potsdamer Straße
        "de:09162:433",    // Parzivalplatz
        "de:09162:459",    // Schwabinger Tor
        "de:09162:501",    // Am Münchner Tor
        "de:09162:988",    // Anni-Albers-Straße
        "de:09162:502",    // Domagkstraße
        "de:09162:503",    // Schwabing Nord
    }},
    // 25: Max-Weber-Platz (Johannispl.) - Derbolfinger Platz (23 stops)
    {"25", Mode::kTram, "02025", "swm", {
        "de:09162:581",    // Max-Weber-Platz (Johannispl.)
        "de:09162:88",     // Wörthstraße
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:111",    // Regerplatz
        "de:09162:149",    // Carl-Amery-Platz
        "de:09162:1105",   // Ostfriedhof
        "de:09162:1170",   // Silberhornstraße
        "de:09162:1115",   // Tegernseer Landstraße
        "de:09162:1190",   // Wettersteinplatz
        "de:09162:1117",   // Kurzstraße
        "de:09162:1118",   // Südtiroler Straße
        "de:09162:1119",   // Tiroler Platz
        "de:09162:1121",   // Authariplatz
        "de:09162:1122",   // Theodolindenplatz
        "de:09162:1123",   // Klinikum Harlaching
        "de:09162:1124",   // Menterschwaige
        "de:09162:1125",   // Großhesseloher Brücke
        "de:09162:1126",   // Schilcherweg
        "de:09184:2458",   // Bavariafilmplatz
        "de:09184:2460",   // Robert-Koch-Straße
        "de:09184:2462",   // Parkplatz
        "de:09184:2464",   // Ludwig-Thoma-Straße
        "de:09184:2456",   // Derbolfinger Platz
    }},
    // 27: Petuelring - Sendlinger Tor (15 stops)
    {"27", Mode::kTram, "02027", "swm", {
        "de:09162:340",    // Petuelring
        "de:09162:308",    // Gartenstraße
        "de:09162:309",    // Ackermannstraße
        "de:09162:311",    // Herzogstraße
        "de:09162:34",     // Nordbad
        "de:09162:140",    // Hohenzollernplatz
        "de:09162:43",     // Kurfürstenplatz
        "de:09162:47",     // Elisabethplatz
        "de:09162:48",     // Nordendstraße
        "de:09162:49",     // Schellingstraße
        "de:09162:51",     // Pinakotheken
        "de:09162:52",     // Karolinenplatz
        "de:09162:53",     // Ottostraße
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:50",     // Sendlinger Tor
    }},
    // 28: Scheidplatz - Sendlinger Tor (12 stops)
    {"28", Mode::kTram, "02028", "swm", {
        "de:09162:400",    // Scheidplatz
        "de:09162:421",    // Karl-Theodor-Straße
        "de:09162:422",    // Clemensstraße
        "de:09162:43",     // Kurfürstenplatz
        "de:09162:47",     // Elisabethplatz
        "de:09162:48",     // Nordendstraße
        "de:09162:49",     // Schellingstraße
        "de:09162:51",     // Pinakotheken
        "de:09162:52",     // Karolinenplatz
        "de:09162:53",     // Ottostraße
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:50",     // Sendlinger Tor
    }},
  };
  // clang-format on
}

}  // namespace bv::sim
