package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/qascore/qascore/fixtures"
)

// Text of the uploaded chat. The evidence is the Vietnamese words
// "giúp gì cho anh" of the agent's first turn.
const (
	gradeSubject  = "Đổi địa chỉ giao hàng — kiểm tra chấm điểm"
	gradeAgentMsg = "Xin chào anh, em có thể giúp gì cho anh hôm nay? 😊"
	gradeEvidence = "giúp gì cho anh"
)

// TestBrowserSupervisorGradesUploadedChat is the supervisor's grading
// loop end to end: upload a Vietnamese chat, create an assignment for its
// agent, start its review from the queue, rate every criterion with the
// keyboard, attach selected Vietnamese words as evidence, submit; then the
// agent opens the published scorecard and sees exactly those words
// highlighted.
func TestBrowserSupervisorGradesUploadedChat(t *testing.T) {
	ctx := browser(t)
	app := startApp(t)
	ws := fixtures.MustDemo(t, time.Now())
	var sup, agent fixtures.DemoUser
	for _, u := range ws.Users {
		switch u.Email {
		case "sup.north@example.com":
			sup = u
		case "chau.tran@example.com": // North Desk
			agent = u
		}
	}
	require.NotEmpty(t, sup.Email)
	require.NotEmpty(t, agent.Email)

	// Many customer turns, so "most customer turns first" queues it.
	var turns []string
	at := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	turns = append(turns, `{"role":"agent","speaker":"Châu","text":`+strconv.Quote(gradeAgentMsg)+`,"at":"`+at.Format(time.RFC3339)+`"}`)
	for i := range 30 {
		turns = append(turns, `{"role":"customer","text":"Tôi muốn đổi địa chỉ, lần `+strconv.Itoa(i+1)+`","at":"`+at.Add(time.Duration(i+1)*time.Minute).Format(time.RFC3339)+`"}`)
	}
	line := `{"external_id":"grade-vi-1","channel":"chat","agent":{"name":"` + agent.Name + `","email":"` + agent.Email + `"},"customer":{"name":"Minh"},"language":"vi","subject":` + strconv.Quote(gradeSubject) + `,"started_at":"` + at.Format(time.RFC3339) + `","turns":[` + strings.Join(turns, ",") + `]}` + "\n"
	file := filepath.Join(t.TempDir(), "grading-chat.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(line), 0o600))

	b := tab{t: t, ctx: ctx, app: app}
	step, eval := b.do, b.eval
	login := func(u fixtures.DemoUser) { b.signIn(u.Email, u.Password) }

	// 1. Upload the chat.
	login(sup)
	step(60*time.Second,
		chromedp.Navigate(app.URL+"/imports"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=upload-submit]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=files]`), []string{file}),
		chromedp.Click(chromedp.CSS(`[data-testid=upload-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=import-results]`)),
	)

	// 2. An assignment for the agent, through the form.
	step(30*time.Second,
		chromedp.Navigate(app.URL+"/assignments/new"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=assignment-form]`)),
	)
	rubricID := eval(`document.querySelector('select[name=rubric] option:not([value=""])').value`)
	agentID := eval(`(() => { for (const l of document.querySelectorAll('[data-testid=choose-agents] label')) { if (l.textContent.includes(` + jsString(agent.Name) + `)) return l.querySelector('input').value } return '' })()`)
	require.NotEmpty(t, agentID)
	step(30*time.Second,
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "North grading test"),
		setValue(`select[name=rubric]`, rubricID),
		chromedp.Click(chromedp.CSS(`input[name=agents][value="`+agentID+`"]`)),
		setValue(`input[name=quota]`, "20"),
		setValue(`select[name=sampling]`, "most-customer"),
		chromedp.Click(chromedp.CSS(`[data-testid=create-assignment-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=assignment-list]`)),
	)

	// 3. The queue: start the review of the uploaded chat.
	step(30*time.Second,
		chromedp.Navigate(app.URL+"/queue"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=start-next]`)),
	)
	progress := eval(`document.querySelector('[data-testid=queue-progress]').textContent`)
	assert.Contains(t, progress, "of")
	started := eval(`(() => { for (const r of document.querySelectorAll('[data-testid=queue-item]')) { if (r.textContent.includes(` + jsString(gradeSubject) + `)) { r.querySelector('[data-testid=start-review]').click(); return 'yes' } } return 'no' })()`)
	require.Equal(t, "yes", started, "the uploaded chat is in the queue")
	step(30*time.Second, chromedp.WaitVisible(chromedp.CSS(`[data-testid=grading-form]`)))

	// 4. Grade with the keyboard: j to the first criterion, attach the
	// selected Vietnamese words with e, then per criterion its top rating
	// (or n for the first that allows N/A) and j to the next.
	counts := eval(`Array.from(document.querySelectorAll('.grading-criterion')).map(c => c.querySelectorAll('[data-testid=rating-option]').length + (c.querySelector('[data-testid=rating-na]') ? ':na' : '')).join(',')`)
	crits := strings.Split(counts, ",")
	require.NotEmpty(t, crits)
	step(10*time.Second, chromedp.KeyEvent("j"))
	sel := eval(`(() => {
		const el = Array.from(document.querySelectorAll('.turn-text')).find(e => e.textContent.includes(` + jsString(gradeEvidence) + `));
		const node = el.firstChild, text = node.textContent;
		const i = text.indexOf(` + jsString(gradeEvidence) + `);
		const r = document.createRange();
		r.setStart(node, i); r.setEnd(node, i + ` + strconv.Itoa(len([]rune(gradeEvidence))) + `);
		const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
		return s.toString() })()`)
	require.Equal(t, gradeEvidence, sel)
	step(10*time.Second,
		chromedp.KeyEvent("e"),
		chromedp.WaitVisible(chromedp.CSS(`.turn-text mark`)),
	)
	usedNA := false
	for i, cnt := range crits {
		n, na, _ := strings.Cut(cnt, ":")
		key := n
		if na == "na" && !usedNA && i > 0 {
			key, usedNA = "n", true
		}
		if k, _ := strconv.Atoi(n); k > 9 {
			key = "9"
		}
		step(10*time.Second, chromedp.KeyEvent(key))
		if i+1 < len(crits) {
			step(10*time.Second, chromedp.KeyEvent("j"))
		}
	}
	pressed := eval(`String(document.querySelectorAll('.grading-criterion [aria-pressed=true]').length)`)
	assert.Equal(t, strconv.Itoa(len(crits)), pressed, "every criterion rated")
	b.poll(`document.querySelector('[data-testid=to-rate]').textContent.includes('every criterion rated')`, "the autosaved score summary counts every criterion")
	summary := eval(`document.querySelector('[data-testid=score-summary]').textContent`)
	assert.NotContains(t, summary, "Unavailable")

	// 5. Submit: back to the queue with a flash.
	step(30*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid=submit-review]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=queue]`)),
	)
	assert.Contains(t, eval(`document.querySelector('[data-testid=flash]').textContent`), "Review published")

	// 6. The agent opens the scorecard: the same words are highlighted.
	step(10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid=logout]`)), chromedp.WaitVisible(chromedp.CSS(`input[name=email]`)))
	login(agent)
	step(30*time.Second, chromedp.WaitVisible(chromedp.CSS(`[data-testid=scorecards]`)))
	href := eval(`(() => { for (const r of document.querySelectorAll('[data-testid=scorecard]')) { if (r.textContent.includes(` + jsString(gradeSubject) + `)) return r.querySelector('a').getAttribute('href') } return '' })()`)
	require.NotEmpty(t, href, "the published review is among my scorecards")
	step(30*time.Second,
		chromedp.Navigate(app.URL+href),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=review-show]`)),
	)
	marks := eval(`Array.from(document.querySelectorAll('.turn-text mark')).map(m => m.textContent).join('|')`)
	assert.Equal(t, gradeEvidence, marks)
	assert.Contains(t, eval(`document.querySelector('[data-testid=evidence-quote]').textContent`), gradeEvidence)
}
