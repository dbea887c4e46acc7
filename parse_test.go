package queryparams

import (
	"os/exec"
	"regexp"
	"testing"
)

// TestInlining checks the functions whose comments promise that the
// compiler inlines them: the entry points, whose 192-byte result must not
// be copied once more on its way to the caller, and the small helpers of
// the scanner's inner loops. It asks the compiler (go build -gcflags=-m),
// so it needs the go command, and skips without it.
func TestInlining(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to ask the compiler")
	}
	if testing.Short() {
		t.Skip("builds the package again; skipped in -short mode")
	}
	want := []string{
		"Parse", "ParseBytes", "ParseLatin1", "standard",
		"load64", "matches", `\(\*stops\)\.next`, `\(\*stops\)\.nextAmp`, "useVector",
	}
	out, err := exec.Command(goCmd, "build", "-gcflags=-m", "-o", "/dev/null", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build -gcflags=-m: %v\n%s", err, out)
	}
	for _, name := range want {
		re := regexp.MustCompile(`(?m): can inline ` + name + `(\[.*\])?$`)
		if !re.Match(out) {
			t.Errorf("the compiler does not inline %s", name)
		}
	}
}
