// U-Bahn lines U1-U8, current network (2025/2026 timetables); one direction, terminus to terminus.
// U7 and U8 are reinforcement lines (U7 weekdays only, U8 Saturdays only); they are listed with
// their full printed routes, which is how MVG publishes them today:
//   U7 Olympia-Einkaufszentrum - Hauptbahnhof - Sendlinger Tor - Giesing - Innsbrucker Ring -
//      Neuperlach Zentrum (U1 route to Kolumbusplatz, then U2, then U5 from Innsbrucker Ring);
//   U8 Olympiazentrum - Petuelring - Scheidplatz - Hauptbahnhof - Sendlinger Tor - Giesing -
//      Innsbrucker Ring - Neuperlach Zentrum (U3 to Scheidplatz, then U2, then U5).
// Short turns (U3/U7 at Sendlinger Tor, U4 at Theresienwiese, U6 at Münchner Freiheit/
// Kieferngarten/Harras, U8 at Scheidplatz) and trade-fair extras are not separate lines.
#include "network_data_lines.hpp"

namespace bv::sim {

std::vector<LineData> UbahnLines() {
  // clang-format off
  return {
    // U1: Olympia-Einkaufszentrum - Mangfallplatz (15 stops)
    {"U1", Mode::kUbahn, "010U1", "swm", {
        "de:09162:360",    // Olympia-Einkaufszentrum
        "de:09162:312",    // Georg-Brauchle-Ring
        "de:09162:200",    // Westfriedhof
        "de:09162:990",    // Gern
        "de:09162:190",    // Rotkreuzplatz
        "de:09162:180",    // Maillingerstraße
        "de:09162:170",    // Stiglmaierplatz
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:150",    // Fraunhoferstraße
        "de:09162:160",    // Kolumbusplatz
        "de:09162:1180",   // Candidplatz
        "de:09162:1190",   // Wettersteinplatz
        "de:09162:1200",   // St.-Quirin-Platz
        "de:09162:1210",   // Mangfallplatz
    }},
    // U2: Feldmoching - Messestadt Ost (27 stops)
    {"U2", Mode::kUbahn, "010U2", "swm", {
        "de:09162:320",    // Feldmoching
        "de:09162:790",    // Hasenbergl
        "de:09162:780",    // Dülferstraße
        "de:09162:770",    // Harthof
        "de:09162:760",    // Am Hart
        "de:09162:750",    // Frankfurter Ring
        "de:09162:740",    // Milbertshofen
        "de:09162:400",    // Scheidplatz
        "de:09162:140",    // Hohenzollernplatz
        "de:09162:130",    // Josephsplatz
        "de:09162:120",    // Theresienstraße
        "de:09162:110",    // Königsplatz
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:150",    // Fraunhoferstraße
        "de:09162:160",    // Kolumbusplatz
        "de:09162:1170",   // Silberhornstraße
        "de:09162:1160",   // Untersbergstraße
        "de:09162:1110",   // Giesing
        "de:09162:1070",   // Karl-Preis-Platz
        "de:09162:1060",   // Innsbrucker Ring
        "de:09162:1220",   // Josephsburg
        "de:09162:1230",   // Kreillerstraße
        "de:09162:920",    // Trudering
        "de:09162:1240",   // Moosfeld
        "de:09162:1250",   // Messestadt West
        "de:09162:1260",   // Messestadt Ost
    }},
    // U3: Moosach - Fürstenried West (25 stops)
    {"U3", Mode::kUbahn, "010U3", "swm", {
        "de:09162:300",    // Moosach
        "de:09162:370",    // Moosacher St.-Martins-Platz
        "de:09162:360",    // Olympia-Einkaufszentrum
        "de:09162:380",    // Oberwiesenfeld
        "de:09162:350",    // Olympiazentrum
        "de:09162:340",    // Petuelring
        "de:09162:400",    // Scheidplatz
        "de:09162:410",    // Bonner Platz
        "de:09162:500",    // Münchner Freiheit
        "de:09162:80",     // Giselastraße
        "de:09162:70",     // Universität
        "de:09162:60",     // Odeonsplatz
        "de:09162:2",      // Marienplatz
        "de:09162:50",     // Sendlinger Tor
        "de:09162:40",     // Goetheplatz
        "de:09162:30",     // Poccistraße
        "de:09162:1140",   // Implerstraße
        "de:09162:1430",   // Brudermühlstraße
        "de:09162:1440",   // Thalkirchen (Tierpark)
        "de:09162:1450",   // Obersendling
        "de:09162:1460",   // Aidenbachstraße
        "de:09162:1470",   // Machtlfinger Straße
        "de:09162:1480",   // Forstenrieder Allee
        "de:09162:1490",   // Basler Straße
        "de:09162:1500",   // Fürstenried West
    }},
    // U4: Westendstraße - Arabellapark (13 stops)
    {"U4", Mode::kUbahn, "010U4", "swm", {
        "de:09162:260",    // Westendstraße
        "de:09162:1150",   // Heimeranplatz
        "de:09162:250",    // Schwanthalerhöhe
        "de:09162:240",    // Theresienwiese
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:60",     // Odeonsplatz
        "de:09162:590",    // Lehel
        "de:09162:580",    // Max-Weber-Platz
        "de:09162:570",    // Prinzregentenplatz
        "de:09162:560",    // Böhmerwaldplatz
        "de:09162:680",    // Richard-Strauss-Straße
        "de:09162:670",    // Arabellapark
    }},
    // U5: Laimer Platz - Neuperlach Süd (18 stops)
    {"U5", Mode::kUbahn, "010U5", "swm", {
        "de:09162:280",    // Laimer Platz
        "de:09162:270",    // Friedenheimer Straße
        "de:09162:260",    // Westendstraße
        "de:09162:1150",   // Heimeranplatz
        "de:09162:250",    // Schwanthalerhöhe
        "de:09162:240",    // Theresienwiese
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:60",     // Odeonsplatz
        "de:09162:590",    // Lehel
        "de:09162:580",    // Max-Weber-Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:1060",   // Innsbrucker Ring
        "de:09162:1050",   // Michaelibad
        "de:09162:1040",   // Quiddestraße
        "de:09162:1030",   // Neuperlach Zentrum
        "de:09162:1020",   // Therese-Giehse-Allee
        "de:09162:1010",   // Neuperlach Süd
    }},
    // U6: Garching, Forschungszentrum - Klinikum Großhadern (26 stops)
    {"U6", Mode::kUbahn, "010U6", "swm", {
        "de:09184:460",    // Garching, Forschungszentrum
        "de:09184:490",    // Garching
        "de:09184:480",    // Garching-Hochbrück
        "de:09162:470",    // Fröttmaning
        "de:09162:430",    // Kieferngarten
        "de:09162:420",    // Freimann
        "de:09162:540",    // Studentenstadt
        "de:09162:530",    // Alte Heide
        "de:09162:520",    // Nordfriedhof
        "de:09162:510",    // Dietlindenstraße
        "de:09162:500",    // Münchner Freiheit
        "de:09162:80",     // Giselastraße
        "de:09162:70",     // Universität
        "de:09162:60",     // Odeonsplatz
        "de:09162:2",      // Marienplatz
        "de:09162:50",     // Sendlinger Tor
        "de:09162:40",     // Goetheplatz
        "de:09162:30",     // Poccistraße
        "de:09162:1140",   // Implerstraße
        "de:09162:1130",   // Harras
        "de:09162:1330",   // Partnachplatz
        "de:09162:1340",   // Westpark
        "de:09162:1510",   // Holzapfelkreuth
        "de:09162:1520",   // Haderner Stern
        "de:09162:1530",   // Großhadern
        "de:09162:1540",   // Klinikum Großhadern
    }},
    // U7: Olympia-Einkaufszentrum - Neuperlach Zentrum (19 stops)
    {"U7", Mode::kUbahn, "010U7", "swm", {
        "de:09162:360",    // Olympia-Einkaufszentrum
        "de:09162:312",    // Georg-Brauchle-Ring
        "de:09162:200",    // Westfriedhof
        "de:09162:990",    // Gern
        "de:09162:190",    // Rotkreuzplatz
        "de:09162:180",    // Maillingerstraße
        "de:09162:170",    // Stiglmaierplatz
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:150",    // Fraunhoferstraße
        "de:09162:160",    // Kolumbusplatz
        "de:09162:1170",   // Silberhornstraße
        "de:09162:1160",   // Untersbergstraße
        "de:09162:1110",   // Giesing
        "de:09162:1070",   // Karl-Preis-Platz
        "de:09162:1060",   // Innsbrucker Ring
        "de:09162:1050",   // Michaelibad
        "de:09162:1040",   // Quiddestraße
        "de:09162:1030",   // Neuperlach Zentrum
    }},
    // U8: Olympiazentrum - Neuperlach Zentrum (19 stops)
    {"U8", Mode::kUbahn, "010U8", "swm", {
        "de:09162:350",    // Olympiazentrum
        "de:09162:340",    // Petuelring
        "de:09162:400",    // Scheidplatz
        "de:09162:140",    // Hohenzollernplatz
        "de:09162:130",    // Josephsplatz
        "de:09162:120",    // Theresienstraße
        "de:09162:110",    // Königsplatz
        "de:09162:6",      // Hauptbahnhof (U, Tram)
        "de:09162:50",     // Sendlinger Tor
        "de:09162:150",    // Fraunhoferstraße
        "de:09162:160",    // Kolumbusplatz
        "de:09162:1170",   // Silberhornstraße
        "de:09162:1160",   // Untersbergstraße
        "de:09162:1110",   // Giesing
        "de:09162:1070",   // Karl-Preis-Platz
        "de:09162:1060",   // Innsbrucker Ring
        "de:09162:1050",   // Michaelibad
        "de:09162:1040",   // Quiddestraße
        "de:09162:1030",   // Neuperlach Zentrum
    }},
  };
  // clang-format on
}

}  // namespace bv::sim
