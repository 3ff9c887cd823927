import ReturnsCore

/// The demo's sample data, compiled in so `returnsd demo` works wherever the binary is.
/// A test keeps these equal to `Examples/orders.csv` and `Examples/demo-scans.txt`.
public enum DemoData {
    /// The demo's calendar day, pinned so its story (one order inside, one outside the window) never changes.
    public static let today = LocalDate(year: 2026, month: 11, day: 20)!

    public static let orders = #"""
order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
SO-1001,1,HP-200,04006381333931,Headphones HP-200,2,59.90,EUR,19,,,true,2026-11-02,365,Müller GmbH
SO-1001,2,TAB-10,09506000134352,Tablet 10 inch,2,299.00,EUR,19,TAB-0001|TAB-0002,,true,2026-11-02,365,Müller GmbH
SO-1001,3,GC-50,05012345678900,Gift card 50 EUR,1,50.00,EUR,0,,,false,2026-11-02,365,Müller GmbH
SO-1001,4,USB-C1,00012345600012,USB-C cable 1 m,5,9.99,EUR,19,,,true,2026-11-02,365,Müller GmbH
SO-1001,5,JKT-M,80614141123458,Jacket M (RFID tag),1,89.00,EUR,19,6789,,true,2026-11-02,365,Müller GmbH
SO-1002,1,HP-200,04006381333931,Headphones HP-200,1,59.90,EUR,19,,,true,2026-09-01,14,Dupont SARL
SO-1003,1,VIT-C,05060000000016,Vitamin C 100 tablets,10,12.50,EUR,7,,L2405A,true,2026-11-10,365,Apotheke Nord
"""#

    public static let scans = #"""
# The demo return: order SO-1001 comes back from Müller GmbH.
OP:ANNA                                  # the operator scans her badge
SO-1001                                  # packing slip: opens the return
4006381333931                            # headphones (EAN-13): accepted, line 1
RSN:NO_LONGER_NEEDED                     # reason for that item and the next ones
]C10109506000134352<GS>21TAB-0009        # tablet with a serial that was not sold: serialMismatch
(01)09506000134352(21)TAB-0001           # the right tablet: accepted, line 2
COND:DAMAGED                             # the tablet is damaged ...
RSN:DAMAGED_IN_TRANSIT                   # ... in transit: no restocking fee
DISP:REFURBISH                           # ... and goes to refurbishment
9780201379624                            # a book that was never on this order: notInOrder
4006381333931                            # second headphones: accepted (line 1, 2 of 2)
COND:NEW                                 # this one is as new ...
RSN:NO_LONGER_NEEDED                     # ... simply not wanted ...
DISP:RESTOCK                             # ... and goes back on the shelf
4006381333931                            # a third headphones: overReturn
5012345678900                            # gift card: notReturnable
QTY:3                                    # the next item counts three
012345600012                             # USB-C cables (UPC-A): 3 accepted
CMD:UNDO                                 # the operator miscounted: undo the cables
QTY:2
012345600012                             # 2 cables
@rfid 3074257BF7194E4000001A85          # the RFID tunnel reads the jacket's tag: accepted, line 5
@rfid 3074257BF7194E4000001A85          # ... and again a moment later: duplicateRead, not counted
4006381333932                            # smudged label, bad check digit: unreadable
SO-9999                                  # another slip while this return is open: refused
CMD:CLOSE                                # the return note is written
SO-9999                                  # an order this station does not know: orderNotFound
SO-1002                                  # an old order ...
4006381333931                            # ... past its 14-day window: outsideWindow
CMD:CANCEL
]C1010506000000001610L2405A<GS>17271231 # vitamins with lot and expiry, but no open return: noSession
"""#
}
