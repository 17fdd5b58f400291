package main

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Each input line: mode<TAB>hex(arg1)[<TAB>hex(arg2)]. Output: hex(result) or "E"+error.
func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		a, _ := hex.DecodeString(f[1])
		var out string
		switch f[0] {
		case "quote":
			out = hex.EncodeToString([]byte(strconv.Quote(string(a))))
		case "jsonstr":
			b, _ := json.Marshal(string(a))
			out = hex.EncodeToString(b)
		case "jsondec":
			d := json.NewDecoder(strings.NewReader(string(a)))
			d.UseNumber()
			var v interface{}
			if err := d.Decode(&v); err != nil {
				out = "E" + hex.EncodeToString([]byte(err.Error()))
			} else {
				// Re-encode canonical: numbers stay json.Number text.
				b, _ := json.Marshal(v)
				out = hex.EncodeToString(b)
			}
		case "b64dec":
			b, err := base64.StdEncoding.DecodeString(string(a))
			if err != nil {
				out = "E" + hex.EncodeToString([]byte(err.Error()))
			} else {
				out = hex.EncodeToString(b)
			}
		case "b64enc":
			out = hex.EncodeToString([]byte(base64.StdEncoding.EncodeToString(a)))
		case "split":
			s2, _ := hex.DecodeString(f[2])
			b, _ := json.Marshal(strings.Split(string(a), string(s2)))
			out = hex.EncodeToString(b)
		case "regexp":
			// hex(pattern), hex(input): "E"+hex(error) or 1/0 (MatchString: unanchored).
			s2, _ := hex.DecodeString(f[2])
			re, err := regexp.Compile(string(a))
			if err != nil {
				out = "E" + hex.EncodeToString([]byte(err.Error()))
			} else if re.MatchString(string(s2)) {
				out = "1"
			} else {
				out = "0"
			}
		case "float":
			x, _ := strconv.ParseFloat(string(a), 64)
			out = hex.EncodeToString([]byte(strconv.FormatFloat(x, 'g', -1, 64)))
		}
		fmt.Println(out)
	}
}
