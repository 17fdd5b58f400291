package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		in := sc.Text()
		var n yaml.Node
		src := "v: " + in
		if in == "" {
			src = "v:"
		}
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			fmt.Printf("%q\tERR %v\n", in, err)
			continue
		}
		v := n.Content[0].Content[1]
		var x interface{}
		v.Decode(&x)
		var out string
		switch t := x.(type) {
		case nil:
			out = "null"
		case bool:
			out = "bool " + strconv.FormatBool(t)
		case int:
			out = "num " + strconv.FormatInt(int64(t), 10)
		case int64:
			out = "num " + strconv.FormatInt(t, 10)
		case uint64:
			out = "num " + strconv.FormatUint(t, 10)
		case float64:
			out = "num " + strconv.FormatFloat(t, 'g', -1, 64)
		case string:
			out = "str"
		case time.Time:
			out = "str(time)"
		default:
			out = fmt.Sprintf("other %T", t)
		}
		fmt.Printf("%s\t%s\t%s\n", in, v.ShortTag(), out)
	}
}
