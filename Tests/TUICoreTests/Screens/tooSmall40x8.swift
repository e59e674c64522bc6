// Recorded by record-goldens.py from a reviewed screen; regenerate, do not hand-edit.
extension Goldens {
    static let tooSmall40x8 = #"""


       Terminal too small: 40x8.
    infra-tui needs at least 50x10.
Enlarge the window, or press q to quit.



-- styles --


.......EEEEEEEEEEEEEEEEEEEEEEEEE





"""#
}
