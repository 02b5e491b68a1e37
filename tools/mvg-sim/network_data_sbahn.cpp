// S-Bahn lines S1-S8 (timetable from 15 December 2024 on), one entry per branch, terminus to terminus.
// Trunk line: Pasing/Laim - Hirschgarten - Donnersbergerbrücke - Hackerbrücke - München Hbf (tief,
// de:09162:100) - Karlsplatz (Stachus) - Marienplatz - Isartor - Rosenheimer Platz - Ostbahnhof.
//  - S1 runs from Freising and from the airport (two branches joining at Neufahrn) via Moosach
//    and Laim (no stop at Pasing) through the trunk line to Leuchtenbergring.
//  - S2: Petershausen - Dachau - trunk - Erding; the Altomünster branch is listed as the shuttle
//    Altomünster - Dachau Bahnhof that most of its trains run.
//  - S5 (new in Dec 2024): Pasing - trunk - Giesing - Kreuzstraße; the rush-hour extensions to
//    Germering-Unterpfaffenhofen/Weßling are not modelled.
//  - S7 (since Dec 2024) no longer uses the trunk line: Wolfratshausen - Harras - Heimeranplatz -
//    Donnersbergerbrücke - München Hbf (surface platforms, same station id de:09162:100).
//  - S8: Herrsching - Pasing - trunk - Flughafen München. Breitbrunn (Ammersee), between
//    Herrsching and Seefeld-Hechendorf, is left out: its global id could not be confirmed from
//    the sources used.
#include "network_data_lines.hpp"

namespace bv::sim {

std::vector<LineData> SbahnLines() {
  // clang-format off
  return {
    // S1: Freising - Leuchtenbergring (21 stops)
    {"S1", Mode::kSbahn, "92M01", "ddb", {
        "de:09178:2680",   // Freising
        "de:09178:2670",   // Pulling
        "de:09178:2660",   // Neufahrn
        "de:09178:2650",   // Eching
        "de:09184:2020",   // Lohhof
        "de:09184:2010",   // Unterschleißheim
        "de:09184:2000",   // Oberschleißheim
        "de:09162:320",    // Feldmoching
        "de:09162:310",    // Fasanerie
        "de:09162:300",    // Moosach
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:900",    // Leuchtenbergring
    }},
    // S1: Flughafen München - Leuchtenbergring (21 stops)
    {"S1", Mode::kSbahn, "92M01", "ddb", {
        "de:09178:3240",   // Flughafen München
        "de:09178:2860",   // Flughafen Besucherpark
        "de:09178:2660",   // Neufahrn
        "de:09178:2650",   // Eching
        "de:09184:2020",   // Lohhof
        "de:09184:2010",   // Unterschleißheim
        "de:09184:2000",   // Oberschleißheim
        "de:09162:320",    // Feldmoching
        "de:09162:310",    // Fasanerie
        "de:09162:300",    // Moosach
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:900",    // Leuchtenbergring
    }},
    // S2: Petershausen - Erding (32 stops)
    {"S2", Mode::kSbahn, "92M02", "ddb", {
        "de:09174:6840",   // Petershausen
        "de:09174:6830",   // Vierkirchen-Esterhofen
        "de:09174:6820",   // Röhrmoos
        "de:09174:6810",   // Hebertshausen
        "de:09174:6800",   // Dachau Bahnhof
        "de:09174:1920",   // Karlsfeld
        "de:09162:1910",   // Allach
        "de:09162:1930",   // Untermenzing
        "de:09162:1900",   // Obermenzing
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:900",    // Leuchtenbergring
        "de:09162:910",    // Berg am Laim
        "de:09162:800",    // Riem
        "de:09184:2110",   // Feldkirchen
        "de:09184:2120",   // Heimstetten
        "de:09175:3950",   // Grub
        "de:09175:3960",   // Poing
        "de:09175:3970",   // Markt Schwaben
        "de:09177:3250",   // Ottenhofen
        "de:09177:3260",   // St. Koloman
        "de:09177:3270",   // Aufhausen
        "de:09177:3280",   // Altenerding
        "de:09177:3290",   // Erding
    }},
    // S2: Altomünster - Dachau Bahnhof (10 stops)
    {"S2", Mode::kSbahn, "92M02", "ddb", {
        "de:09174:6950",   // Altomünster
        "de:09174:6930",   // Kleinberghofen
        "de:09174:6920",   // Erdweg
        "de:09174:6910",   // Arnbach
        "de:09174:6900",   // Markt Indersdorf
        "de:09174:6890",   // Niederroth
        "de:09174:6880",   // Schwabhausen
        "de:09174:6870",   // Bachern
        "de:09174:6850",   // Dachau Stadt
        "de:09174:6800",   // Dachau Bahnhof
    }},
    // S3: Mammendorf - Holzkirchen (31 stops)
    {"S3", Mode::kSbahn, "92M03", "ddb", {
        "de:09179:6160",   // Mammendorf
        "de:09179:6150",   // Malching
        "de:09179:6140",   // Maisach
        "de:09179:6130",   // Gernlinden
        "de:09179:6120",   // Esting
        "de:09179:6110",   // Olching
        "de:09179:6100",   // Gröbenzell
        "de:09162:1810",   // Lochhausen
        "de:09162:1800",   // Langwied
        "de:09162:10",     // Pasing
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:1100",   // St.-Martin-Straße
        "de:09162:1110",   // Giesing
        "de:09162:1120",   // Fasangarten
        "de:09184:2300",   // Fasanenpark
        "de:09184:2310",   // Unterhaching
        "de:09184:2320",   // Taufkirchen
        "de:09184:2330",   // Furth
        "de:09184:2340",   // Deisenhofen
        "de:09184:2350",   // Sauerlach
        "de:09182:43342",  // Otterfing
        "de:09182:43227",  // Holzkirchen
    }},
    // S4: Geltendorf - Ebersberg (34 stops)
    {"S4", Mode::kSbahn, "92M04", "ddb", {
        "de:09181:502",    // Geltendorf
        "de:09179:6230",   // Türkenfeld
        "de:09179:6220",   // Grafrath
        "de:09179:6210",   // Schöngeising
        "de:09179:6200",   // Buchenau
        "de:09179:6190",   // Fürstenfeldbruck
        "de:09179:6180",   // Eichenau
        "de:09179:6170",   // Puchheim
        "de:09162:1710",   // Aubing
        "de:09162:1700",   // Leienfelsstraße
        "de:09162:10",     // Pasing
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:900",    // Leuchtenbergring
        "de:09162:910",    // Berg am Laim
        "de:09162:920",    // Trudering
        "de:09184:2130",   // Gronsdorf
        "de:09184:2140",   // Haar
        "de:09175:4000",   // Vaterstetten
        "de:09175:4010",   // Baldham
        "de:09175:4020",   // Zorneding
        "de:09175:4030",   // Eglharting
        "de:09175:4040",   // Kirchseeon
        "de:09175:4050",   // Grafing Bahnhof
        "de:09175:4060",   // Grafing Stadt
        "de:09175:4070",   // Ebersberg
    }},
    // S5: Pasing - Kreuzstraße (25 stops)
    {"S5", Mode::kSbahn, "92M05", "ddb", {
        "de:09162:10",     // Pasing
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:1100",   // St.-Martin-Straße
        "de:09162:1110",   // Giesing
        "de:09162:1000",   // Perlach
        "de:09162:1010",   // Neuperlach Süd
        "de:09184:2200",   // Neubiberg
        "de:09184:2210",   // Ottobrunn
        "de:09184:2220",   // Hohenbrunn
        "de:09184:2230",   // Wächterhof
        "de:09184:2240",   // Höhenkirchen-Siegertsbrunn
        "de:09184:2250",   // Dürrnhaar
        "de:09184:2260",   // Aying
        "de:09184:2270",   // Peiß
        "de:09184:2280",   // Großhelfendorf
        "de:09182:43677",  // Kreuzstraße
    }},
    // S6: Tutzing - Zorneding (30 stops)
    {"S6", Mode::kSbahn, "92M06", "ddb", {
        "de:09188:5480",   // Tutzing
        "de:09188:5470",   // Feldafing
        "de:09188:5460",   // Possenhofen
        "de:09188:5450",   // Starnberg
        "de:09188:5490",   // Starnberg Nord
        "de:09188:5430",   // Gauting
        "de:09188:5420",   // Stockdorf
        "de:09184:2600",   // Planegg
        "de:09184:2590",   // Gräfelfing
        "de:09184:2580",   // Lochham
        "de:09162:1720",   // Westkreuz
        "de:09162:10",     // Pasing
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:900",    // Leuchtenbergring
        "de:09162:910",    // Berg am Laim
        "de:09162:920",    // Trudering
        "de:09184:2130",   // Gronsdorf
        "de:09184:2140",   // Haar
        "de:09175:4000",   // Vaterstetten
        "de:09175:4010",   // Baldham
        "de:09175:4020",   // Zorneding
    }},
    // S7: Wolfratshausen - München Hbf (16 stops)
    {"S7", Mode::kSbahn, "92M07", "ddb", {
        "de:09173:4760",   // Wolfratshausen
        "de:09173:4750",   // Icking
        "de:09184:2570",   // Ebenhausen-Schäftlarn
        "de:09184:2560",   // Hohenschäftlarn
        "de:09184:2550",   // Baierbrunn
        "de:09184:2540",   // Buchenhain
        "de:09184:2530",   // Höllriegelskreuth
        "de:09184:2520",   // Pullach
        "de:09184:2500",   // Großhesselohe Isartalbahnhof
        "de:09162:1320",   // Solln
        "de:09162:1310",   // Siemenswerke
        "de:09162:1300",   // Mittersendling
        "de:09162:1130",   // Harras
        "de:09162:1150",   // Heimeranplatz
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:100",    // München Hbf
    }},
    // S8: Herrsching - Flughafen München (32 stops)
    {"S8", Mode::kSbahn, "92M08", "ddb", {
        "de:09188:5410",   // Herrsching
        "de:09188:5400",   // Seefeld-Hechendorf
        "de:09188:5390",   // Steinebach
        "de:09188:5380",   // Weßling
        "de:09188:5370",   // Neugilching
        "de:09188:5360",   // Gilching-Argelsried
        "de:09188:5350",   // Geisenbrunn
        "de:09179:6250",   // Germering-Unterpfaffenhofen
        "de:09179:6240",   // Harthaus
        "de:09162:1740",   // Freiham
        "de:09162:1730",   // Neuaubing
        "de:09162:1720",   // Westkreuz
        "de:09162:10",     // Pasing
        "de:09162:9",      // Laim
        "de:09162:31",     // Hirschgarten
        "de:09162:8",      // Donnersbergerbrücke
        "de:09162:7",      // Hackerbrücke
        "de:09162:100",    // München Hbf
        "de:09162:1",      // Karlsplatz (Stachus)
        "de:09162:2",      // Marienplatz
        "de:09162:3",      // Isartor
        "de:09162:4",      // Rosenheimer Platz
        "de:09162:5",      // München, Ostbahnhof
        "de:09162:900",    // Leuchtenbergring
        "de:09162:700",    // Daglfing
        "de:09162:710",    // Englschalking
        "de:09162:720",    // Johanneskirchen
        "de:09184:2030",   // Unterföhring
        "de:09184:2040",   // Ismaning
        "de:09178:2850",   // Hallbergmoos
        "de:09178:2860",   // Flughafen Besucherpark
        "de:09178:3240",   // Flughafen München
    }},
  };
  // clang-format on
}

}  // namespace bv::sim
