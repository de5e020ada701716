package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
)

// writeFindings writes every diagnostic of every tool of one module, one per
// line, to work/<name>/<tool>.txt; work/<name>/findings.txt holds concurlint's
// (standalone) so they can be read and judged one by one.
func writeFindings(cfg *config, m module, mr *moduleResult) error {
	dir := cfg.moduleDir(m)
	for tool, tr := range mr.Tools {
		var b bytes.Buffer
		fmt.Fprintf(&b, "# %s findings in %s@%s (paths relative to work/%s/src)\n", tool, m.Path, m.Version, m.Name)
		fmt.Fprintf(&b, "# command: %s\n", tr.Command)
		fmt.Fprintf(&b, "# %d findings, %d panics, %d errors\n", tr.Findings, len(tr.Panics), tr.ErrorCount)
		if tool == toolConcurlint && len(mr.DriverMismatch) > 0 {
			fmt.Fprintf(&b, "# standalone and vettool runs disagree on %d findings:\n", len(mr.DriverMismatch))
			for _, s := range mr.DriverMismatch {
				fmt.Fprintf(&b, "#   %s\n", s)
			}
		}
		for _, p := range tr.Panics {
			fmt.Fprintf(&b, "# PANIC: %s\n", p)
		}
		for _, e := range tr.Errors {
			fmt.Fprintf(&b, "# error: %s\n", e)
		}
		for _, d := range tr.diags {
			fmt.Fprintf(&b, "%s: [%s] %s\n", d.Posn, d.Analyzer, d.Message)
			for _, r := range d.Related {
				fmt.Fprintf(&b, "\trelated %s\n", r)
			}
		}
		name := tool + ".txt"
		if tool == toolConcurlint {
			name = "findings.txt"
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (mr *moduleResult) perKLOC() float64 {
	t := mr.Tools[toolConcurlint]
	if t == nil || mr.Lines == 0 {
		return 0
	}
	return float64(t.Findings) / (float64(mr.Lines) / 1000)
}

// ratio returns a/b for a metric of two tools, or "" when either is missing
// or failed.
func (mr *moduleResult) ratio(a, b string, metric func(*toolResult) float64) string {
	ta, tb := mr.Tools[a], mr.Tools[b]
	if ta == nil || tb == nil || ta.failed() || tb.failed() || metric(tb) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", metric(ta)/metric(tb))
}

func wall(t *toolResult) float64 { return t.WallSec }
func cpu(t *toolResult) float64  { return t.CPUSec }
func rss(t *toolResult) float64  { return t.MaxRSSMB }

// warmWall is the wall time of the warm run (0: none).
func warmWall(t *toolResult) float64 {
	if t.Warm == nil {
		return 0
	}
	return t.Warm.WallSec
}

// warmRatio returns tool's warm/cold wall ratio.
func (mr *moduleResult) warmRatio(tool string) string {
	t := mr.Tools[tool]
	if t == nil || t.failed() || t.Warm == nil || t.WallSec == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", t.Warm.WallSec/t.WallSec)
}

// printModule prints the per-module block after each module.
func printModule(w io.Writer, res *results, mr *moduleResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "   tool\twall s\tcpu s\tpeak RSS MB\twarm wall s\texit\tfindings\tpanics\terrors\t\n")
	for _, t := range res.Tools {
		tr := mr.Tools[t]
		if tr == nil {
			continue
		}
		warm := "-"
		if tr.Warm != nil {
			warm = fmt.Sprintf("%.1f", tr.Warm.WallSec)
		}
		fmt.Fprintf(tw, "   %s\t%.1f\t%.1f\t%.0f\t%s\t%d\t%d\t%d\t%d\t\n", t, tr.WallSec, tr.CPUSec, tr.MaxRSSMB, warm, tr.ExitCode, tr.Findings, len(tr.Panics), tr.ErrorCount)
	}
	tw.Flush()
	if tr := mr.Tools[toolConcurlint]; tr != nil {
		fmt.Fprintf(w, "   concurlint by analyzer: %s (%.3f per 1,000 lines)\n", byAnalyzer(tr, res.Analyzers), mr.perKLOC())
	}
	fmt.Fprintf(w, "   ratios (wall/cpu/rss): concurlint/staticcheck %s/%s/%s, vettool/vet %s/%s/%s\n",
		mr.ratio(toolConcurlint, toolStaticcheck, wall), mr.ratio(toolConcurlint, toolStaticcheck, cpu), mr.ratio(toolConcurlint, toolStaticcheck, rss),
		mr.ratio(toolVettool, toolVet, wall), mr.ratio(toolVettool, toolVet, cpu), mr.ratio(toolVettool, toolVet, rss))
	fmt.Fprintf(w, "   warm/cold wall: concurlint %s, vettool %s; warm vettool/vet %s\n",
		mr.warmRatio(toolConcurlint), mr.warmRatio(toolVettool), mr.ratio(toolVettool, toolVet, warmWall))
	if len(mr.DriverMismatch) > 0 {
		fmt.Fprintf(w, "   WARNING: standalone and vettool disagree on %d findings (see findings.txt)\n", len(mr.DriverMismatch))
	}
	for _, t := range res.Tools {
		tr := mr.Tools[t]
		if tr == nil {
			continue
		}
		for _, p := range tr.Panics {
			fmt.Fprintf(w, "   %s PANIC: %s\n", t, p)
		}
		for i, e := range tr.Errors {
			if i == 5 {
				fmt.Fprintf(w, "   %s: ... %d more errors in work/%s/out/%s.std{out,err}\n", t, tr.ErrorCount-5, mr.Name, t)
				break
			}
			fmt.Fprintf(w, "   %s error: %s\n", t, truncate(e, 200))
		}
	}
}

func byAnalyzer(tr *toolResult, analyzers []string) string {
	names := slices.Clone(analyzers)
	for a := range tr.ByAnalyzer {
		if !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	var parts []string
	for _, a := range names {
		parts = append(parts, fmt.Sprintf("%s %d", a, tr.ByAnalyzer[a]))
	}
	return strings.Join(parts, ", ")
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// table is a header plus rows, rendered as text or Markdown.
type table struct {
	title  string
	header []string
	rows   [][]string
}

func (t *table) text(w io.Writer) {
	fmt.Fprintf(w, "%s\n", t.title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t\n", strings.Join(t.header, "\t"))
	for _, r := range t.rows {
		fmt.Fprintf(tw, "%s\t\n", strings.Join(r, "\t"))
	}
	tw.Flush()
	fmt.Fprintln(w)
}

func (t *table) markdown(w io.Writer) {
	fmt.Fprintf(w, "### %s\n\n", t.title)
	fmt.Fprintf(w, "| %s |\n", strings.Join(t.header, " | "))
	seps := make([]string, len(t.header))
	for i := range seps {
		seps[i] = "---:"
	}
	seps[0] = "---"
	fmt.Fprintf(w, "|%s|\n", strings.Join(seps, "|"))
	for _, r := range t.rows {
		fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
	}
	fmt.Fprintln(w)
}

func num(n int) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// tables builds the summary tables of a run.
func tables(res *results) []*table {
	has := func(t string) bool { return slices.Contains(res.Tools, t) }
	cell := func(mr *moduleResult, t string, f func(*toolResult) string) string {
		tr := mr.Tools[t]
		switch {
		case tr == nil:
			return "-"
		case tr.TimedOut:
			return "timeout"
		case tr.Err != "":
			return "failed"
		}
		return f(tr)
	}

	// 1. Modules and findings.
	mods := &table{title: "Modules and findings", header: []string{"module", "version", "packages", "Go lines", "concurlint findings", "per 1,000 lines"}}
	if has(toolVet) {
		mods.header = append(mods.header, "go vet findings")
	}
	if has(toolStaticcheck) {
		mods.header = append(mods.header, "staticcheck findings")
	}
	mods.header = append(mods.header, "panics", "errors")
	var totLines, totPkgs, totFind, totVet, totSC, totPanics, totErrs int
	for _, mr := range res.Modules {
		if mr.PrepareError != "" {
			row := []string{mr.Name, mr.Version, "load failed"}
			for len(row) < len(mods.header) {
				row = append(row, "-")
			}
			mods.rows = append(mods.rows, row)
			continue
		}
		panics, errs := 0, 0
		for _, tr := range mr.Tools {
			panics += len(tr.Panics)
			errs += tr.ErrorCount
		}
		totPanics += panics
		totErrs += errs
		totLines += mr.Lines
		totPkgs += mr.Packages
		row := []string{mr.Name, mr.Version, num(mr.Packages), num(mr.Lines),
			cell(mr, toolConcurlint, func(t *toolResult) string { totFind += t.Findings; return num(t.Findings) }),
			cell(mr, toolConcurlint, func(t *toolResult) string { return fmt.Sprintf("%.3f", mr.perKLOC()) })}
		if has(toolVet) {
			row = append(row, cell(mr, toolVet, func(t *toolResult) string { totVet += t.Findings; return num(t.Findings) }))
		}
		if has(toolStaticcheck) {
			row = append(row, cell(mr, toolStaticcheck, func(t *toolResult) string { totSC += t.Findings; return num(t.Findings) }))
		}
		row = append(row, num(panics), num(errs))
		mods.rows = append(mods.rows, row)
	}
	total := []string{"**total**", "", num(totPkgs), num(totLines), "-", "-"}
	if has(toolConcurlint) {
		total[4] = num(totFind)
		if totLines > 0 {
			total[5] = fmt.Sprintf("%.3f", float64(totFind)/(float64(totLines)/1000))
		}
	}
	if has(toolVet) {
		total = append(total, num(totVet))
	}
	if has(toolStaticcheck) {
		total = append(total, num(totSC))
	}
	total = append(total, num(totPanics), num(totErrs))
	mods.rows = append(mods.rows, total)
	out := []*table{mods}

	// 2. concurlint findings by analyzer.
	if has(toolConcurlint) {
		ba := &table{title: "concurlint findings by analyzer", header: []string{"analyzer"}}
		names := slices.Clone(res.Analyzers)
		for _, mr := range res.Modules {
			if tr := mr.Tools[toolConcurlint]; tr != nil {
				for a := range tr.ByAnalyzer {
					if !slices.Contains(names, a) {
						names = append(names, a)
					}
				}
			}
		}
		for _, mr := range res.Modules {
			ba.header = append(ba.header, mr.Name)
		}
		ba.header = append(ba.header, "total")
		for _, a := range names {
			row := []string{a}
			sum := 0
			for _, mr := range res.Modules {
				row = append(row, cell(mr, toolConcurlint, func(t *toolResult) string { sum += t.ByAnalyzer[a]; return num(t.ByAnalyzer[a]) }))
			}
			ba.rows = append(ba.rows, append(row, num(sum)))
		}
		out = append(out, ba)
	}

	// 3. Speed and memory.
	for _, metric := range []struct {
		title, unit string
		f           func(*toolResult) float64
		format      string
	}{
		{"Wall time (s)", "s", wall, "%.1f"},
		{"CPU time, user+system (s)", "s", cpu, "%.1f"},
		{"Peak RSS of the largest process (MB)", "MB", rss, "%.0f"},
		{"Warm wall time (s): the same command again, nothing changed", "s", warmWall, "%.1f"},
	} {
		t := &table{title: metric.title, header: []string{"module"}}
		for _, tool := range res.Tools {
			t.header = append(t.header, toolTitle(tool))
		}
		showCS := has(toolConcurlint) && has(toolStaticcheck)
		showVV := has(toolVet) && has(toolVettool)
		if showCS {
			t.header = append(t.header, "concurlint / staticcheck")
		}
		if showVV {
			t.header = append(t.header, "vettool / vet")
		}
		sums := map[string]float64{}
		complete := 0
		for _, mr := range res.Modules {
			if mr.PrepareError != "" {
				continue
			}
			row := []string{mr.Name}
			ok := true
			for _, tool := range res.Tools {
				row = append(row, cell(mr, tool, func(tr *toolResult) string { return fmt.Sprintf(metric.format, metric.f(tr)) }))
				if tr := mr.Tools[tool]; tr == nil || tr.failed() || metric.f(tr) == 0 {
					ok = false
				}
			}
			if showCS {
				row = append(row, mr.ratio(toolConcurlint, toolStaticcheck, metric.f))
			}
			if showVV {
				row = append(row, mr.ratio(toolVettool, toolVet, metric.f))
			}
			t.rows = append(t.rows, row)
			if ok { // totals only over modules where every tool succeeded
				complete++
				for _, tool := range res.Tools {
					v := metric.f(mr.Tools[tool])
					if metric.unit == "MB" {
						sums[tool] = max(sums[tool], v)
					} else {
						sums[tool] += v
					}
				}
			}
		}
		if complete > 0 {
			label := "**total**"
			if metric.unit == "MB" {
				label = "**max**"
			}
			row := []string{label}
			for _, tool := range res.Tools {
				row = append(row, fmt.Sprintf(metric.format, sums[tool]))
			}
			if showCS && sums[toolStaticcheck] > 0 {
				row = append(row, fmt.Sprintf("%.2f", sums[toolConcurlint]/sums[toolStaticcheck]))
			}
			if showVV && sums[toolVet] > 0 {
				row = append(row, fmt.Sprintf("%.2f", sums[toolVettool]/sums[toolVet]))
			}
			t.rows = append(t.rows, row)
		}
		out = append(out, t)
	}
	return out
}

func toolTitle(tool string) string {
	switch tool {
	case toolConcurlint:
		return "concurlint ./..."
	case toolVet:
		return "go vet"
	case toolVettool:
		return "go vet -vettool=concurlint"
	}
	return tool
}

func printSummary(w io.Writer, res *results) {
	for _, t := range tables(res) {
		t.text(w)
	}
	printProblems(w, res, false)
	fmt.Fprintf(w, "total time %.1f min; load average before %s, after %s\n", res.TotalSec/60, res.LoadBefore, res.LoadAfter)
}

// printProblems lists prepare failures, panics, errors and driver mismatches.
func printProblems(w io.Writer, res *results, md bool) {
	bullet := "  "
	if md {
		bullet = "- "
	}
	found := false
	for _, mr := range res.Modules {
		var lines []string
		if mr.PrepareError != "" {
			lines = append(lines, "could not be prepared: "+firstLine(mr.PrepareError))
		}
		if len(mr.LoadErrors) > 0 {
			lines = append(lines, fmt.Sprintf("%d packages with load errors (same for every tool), e.g. %s", len(mr.LoadErrors), truncate(mr.LoadErrors[0], 160)))
		}
		for _, t := range res.Tools {
			tr := mr.Tools[t]
			if tr == nil {
				continue
			}
			if tr.TimedOut || tr.Err != "" {
				lines = append(lines, fmt.Sprintf("%s: %s", t, tr.Err))
			}
			for _, p := range tr.Panics {
				lines = append(lines, fmt.Sprintf("%s PANIC: %s", t, truncate(p, 200)))
			}
			if tr.ErrorCount > 0 {
				lines = append(lines, fmt.Sprintf("%s: %d error lines, first: %s", t, tr.ErrorCount, truncate(tr.Errors[0], 200)))
			}
		}
		if len(mr.DriverMismatch) > 0 {
			lines = append(lines, fmt.Sprintf("standalone and vettool concurlint disagree on %d findings", len(mr.DriverMismatch)))
		}
		if len(lines) == 0 {
			continue
		}
		if !found {
			if md {
				fmt.Fprintf(w, "### Panics, errors and load problems\n\n")
			} else {
				fmt.Fprintf(w, "Panics, errors and load problems\n")
			}
			found = true
		}
		for _, l := range lines {
			if md {
				l = strings.ReplaceAll(l, "`", "'")
				fmt.Fprintf(w, "%s**%s**: `%s`\n", bullet, mr.Name, l)
			} else {
				fmt.Fprintf(w, "%s%s: %s\n", bullet, mr.Name, l)
			}
		}
	}
	if !found {
		if md {
			fmt.Fprintf(w, "### Panics, errors and load problems\n\nNone: no panic, no analysis error, no load error, standalone and vettool runs agree.\n")
		} else {
			fmt.Fprintf(w, "no panics, errors or load problems\n")
		}
	}
	fmt.Fprintln(w)
}

func markdown(res *results) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# concurlint corpus results\n\n")
	if res.Partial {
		fmt.Fprintf(&b, "**Partial: the run was still going (or was interrupted) after these modules.**\n\n")
	}
	fmt.Fprintf(&b, "Generated by `go -C corpus run ./cmd/corpus` (see [docs/corpus.md](../docs/corpus.md)); do not edit by hand.\n\n")
	analyzers := strings.Join(res.Analyzers, ", ")
	if len(res.ConcurlintFlags) > 0 {
		analyzers += " (flags " + strings.Join(res.ConcurlintFlags, " ") + ")"
	}
	fmt.Fprintf(&b, "- run: %s, %s, %d CPUs, load average %s before / %s after, %.1f min in total\n", res.Date, res.GoVersion, res.CPUs, res.LoadBefore, res.LoadAfter, res.TotalSec/60)
	fmt.Fprintf(&b, "- concurlint %s: %s\n", res.ConcurlintCommit, analyzers)
	if res.StaticcheckVersion != "" {
		fmt.Fprintf(&b, "- %s (default checks), go vet (default passes)\n", res.StaticcheckVersion)
	}
	fmt.Fprintf(&b, "- cold = %s: %s\n", res.Cold, coldText(res.Cold))
	if res.Updated {
		fmt.Fprintf(&b, "- assembled with `-update`: modules were run at different times (total time is the sum):\n")
		for _, mr := range res.Modules {
			fmt.Fprintf(&b, "  - %s at %s with concurlint %s\n", mr.Name, mr.Date, mr.Commit)
		}
	}
	fmt.Fprintf(&b, "- every tool: `./...` of the module with tests; findings deduplicated by analyzer, position and message\n\n")
	for _, t := range tables(res) {
		t.markdown(&b)
	}
	printProblems(&b, res, true)
	return b.Bytes()
}

func coldText(cold string) string {
	if cold == "build" {
		return "each tool run starts from an empty GOCACHE and an empty staticcheck cache (it compiles the standard library and all dependencies itself)"
	}
	return "each tool run starts from the same snapshot of a build cache holding the compiled dependencies (export data, cgo output) of every package and test, and nothing else: no vet, vettool or staticcheck result; staticcheck's cache is empty"
}

// writeResults writes work/results.json and work/RESULTS.md, and, when
// publishing, corpus/results.json and corpus/RESULTS.md.
func writeResults(cfg *config, res *results, publish bool) error {
	js, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	js = append(js, '\n')
	md := markdown(res)
	dirs := []string{cfg.workDir}
	if publish {
		dirs = append(dirs, cfg.corpusDir)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, "results.json"), js, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, "RESULTS.md"), md, 0o644); err != nil {
			return err
		}
		if res.Partial {
			continue
		}
		fmt.Printf("wrote %s and %s\n", filepath.Join(d, "results.json"), filepath.Join(d, "RESULTS.md"))
	}
	if res.Partial {
		return nil
	}
	fmt.Printf("findings, one per line: %s/<module>/findings.txt (concurlint), <tool>.txt (others); raw output in <module>/out/\n", cfg.workDir)
	return nil
}
