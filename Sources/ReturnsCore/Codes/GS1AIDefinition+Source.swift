extension GS1AIDefinition {
    /// The AI table, after the GS1 General Specifications and the GS1 Barcode Syntax Dictionary:
    /// "AI[-AI] components # title". Component: N digits, X CSET 82, Y CSET 39; "..n" is a maximum;
    /// [..] is optional; checks after commas. Pairing rules (req/ex) are not enforced: a returns dock
    /// must still read a label that breaks them.
    static let source = """
        00 N18,csum # SSCC
        01 N14,csum # GTIN
        02 N14,csum # CONTENT
        10 X..20 # BATCH/LOT
        11 N6,yymmd0 # PROD DATE
        12 N6,yymmd0 # DUE DATE
        13 N6,yymmd0 # PACK DATE
        15 N6,yymmd0 # BEST BEFORE
        16 N6,yymmd0 # SELL BY
        17 N6,yymmd0 # USE BY OR EXPIRY
        20 N2 # VARIANT
        21 X..20 # SERIAL
        22 X..20 # CPV
        235 X..28 # TPX
        240 X..30 # ADDITIONAL ID
        241 X..30 # CUST. PART No.
        242 N..6 # MTO VARIANT
        243 X..20 # PCN
        250 X..30 # SECONDARY SERIAL
        251 X..30 # REF. TO SOURCE
        253 N13,csum [X..17] # GDTI
        254 X..20 # GLN EXTENSION COMPONENT
        255 N13,csum [N..12] # GCN
        30 N..8 # VAR. COUNT
        3100-3105 N6 # NET WEIGHT (kg)
        3110-3115 N6 # LENGTH (m)
        3120-3125 N6 # WIDTH (m)
        3130-3135 N6 # HEIGHT (m)
        3140-3145 N6 # AREA (m2)
        3150-3155 N6 # NET VOLUME (l)
        3160-3165 N6 # NET VOLUME (m3)
        3200-3205 N6 # NET WEIGHT (lb)
        3210-3215 N6 # LENGTH (in)
        3220-3225 N6 # LENGTH (ft)
        3230-3235 N6 # LENGTH (yd)
        3240-3245 N6 # WIDTH (in)
        3250-3255 N6 # WIDTH (ft)
        3260-3265 N6 # WIDTH (yd)
        3270-3275 N6 # HEIGHT (in)
        3280-3285 N6 # HEIGHT (ft)
        3290-3295 N6 # HEIGHT (yd)
        3300-3305 N6 # GROSS WEIGHT (kg)
        3310-3315 N6 # LENGTH (m), log
        3320-3325 N6 # WIDTH (m), log
        3330-3335 N6 # HEIGHT (m), log
        3340-3345 N6 # AREA (m2), log
        3350-3355 N6 # VOLUME (l), log
        3360-3365 N6 # VOLUME (m3), log
        3370-3375 N6 # KG PER m2
        3400-3405 N6 # GROSS WEIGHT (lb)
        3410-3415 N6 # LENGTH (in), log
        3420-3425 N6 # LENGTH (ft), log
        3430-3435 N6 # LENGTH (yd), log
        3440-3445 N6 # WIDTH (in), log
        3450-3455 N6 # WIDTH (ft), log
        3460-3465 N6 # WIDTH (yd), log
        3470-3475 N6 # HEIGHT (in), log
        3480-3485 N6 # HEIGHT (ft), log
        3490-3495 N6 # HEIGHT (yd), log
        3500-3505 N6 # AREA (in2)
        3510-3515 N6 # AREA (ft2)
        3520-3525 N6 # AREA (yd2)
        3530-3535 N6 # AREA (in2), log
        3540-3545 N6 # AREA (ft2), log
        3550-3555 N6 # AREA (yd2), log
        3560-3565 N6 # NET WEIGHT (troy oz)
        3570-3575 N6 # NET VOLUME (oz)
        3600-3605 N6 # NET VOLUME (qt)
        3610-3615 N6 # NET VOLUME (gal.)
        3620-3625 N6 # VOLUME (qt), log
        3630-3635 N6 # VOLUME (gal.), log
        3640-3645 N6 # VOLUME (in3)
        3650-3655 N6 # VOLUME (ft3)
        3660-3665 N6 # VOLUME (yd3)
        3670-3675 N6 # VOLUME (in3), log
        3680-3685 N6 # VOLUME (ft3), log
        3690-3695 N6 # VOLUME (yd3), log
        37 N..8 # COUNT
        3900-3909 N..15 # AMOUNT
        3910-3919 N3 N..15 # AMOUNT with currency
        3920-3929 N..15 # PRICE
        3930-3939 N3 N..15 # PRICE with currency
        3940-3943 N4 # PRCNT OFF
        3950-3955 N6 # PRICE/UoM
        400 X..30 # ORDER NUMBER
        401 X..30 # GINC
        402 N17,csum # GSIN
        403 X..30 # ROUTE
        410 N13,csum # SHIP TO LOC
        411 N13,csum # BILL TO
        412 N13,csum # PURCHASE FROM
        413 N13,csum # SHIP FOR LOC
        414 N13,csum # LOC No.
        415 N13,csum # PAY TO
        416 N13,csum # PROD/SERV LOC
        417 N13,csum # PARTY
        420 X..20 # SHIP TO POST
        421 N3 X..9 # SHIP TO POST with country
        422 N3 # ORIGIN
        423 N..15 # COUNTRY - INITIAL PROCESS
        424 N3 # COUNTRY - PROCESS
        425 N..15 # COUNTRY - DISASSEMBLY
        426 N3 # COUNTRY - FULL PROCESS
        427 X..3 # ORIGIN SUBDIVISION
        7001 N13 # NSN
        7002 X..30 # MEAT CUT
        7003 N6,yymmdd N4,hhmm # EXPIRY TIME
        7004 N..4 # ACTIVE POTENCY
        7005 X..12 # CATCH AREA
        7006 N6,yymmdd # FIRST FREEZE DATE
        7007 N6,yymmdd [N6,yymmdd] # HARVEST DATE
        7008 X..3 # AQUATIC SPECIES
        7009 X..10 # FISHING GEAR TYPE
        7010 X..2 # PROD METHOD
        7020 X..20 # REFURB LOT
        7021 X..20 # FUNC STAT
        7022 X..20 # REV STAT
        7023 X..30 # GIAI - ASSEMBLY
        710-715 X..20 # NHRN
        7240 X..20 # PROTOCOL
        8001 N14 # DIMENSIONS
        8002 X..20 # CMT No.
        8003 N1,zero N13,csum [X..16] # GRAI
        8004 X..30 # GIAI
        8005 N6 # PRICE PER UNIT
        8006 N14,csum N4 # ITIP
        8007 X..34 # IBAN
        8008 N8 [N..4] # PROD TIME
        8009 X..50 # OPTSEN
        8010 Y..30 # CPID
        8011 N..12 # CPID SERIAL
        8012 X..20 # VERSION
        8013 X..25 # GMN
        8017 N18,csum # GSRN - PROVIDER
        8018 N18,csum # GSRN - RECIPIENT
        8019 N..10 # SRIN
        8020 X..25 # REF No.
        8026 N14,csum N4 # ITIP CONTENT
        8111 N4 # POINTS
        8200 X..70 # PRODUCT URL
        90 X..30 # INTERNAL
        91-99 X..90 # INTERNAL
        """
}
