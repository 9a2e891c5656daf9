/* "War dieser Artikel hilfreich?" (articles/article_page.html): send the vote
 * in the background and say thank you where the reader is, without a reload.
 * Without JavaScript the form posts and the page comes back at #feedback with
 * the same thank-you. */
(() => {
  const form = document.querySelector('[data-feedback-form]');
  if (!form || !window.fetch) return;
  const section = form.closest('.feedback');
  const status = section.querySelector('[data-feedback-status]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const vote = event.submitter || form.querySelector('button[name="vote"]');
    data.append(vote.name, vote.value);
    fetch(form.action, {
      method: 'POST',
      body: data,
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(response)))
      .then((answer) => {
        section.classList.add('feedback--done');
        status.textContent = answer.message;
        // The buttons disappear: keep the keyboard where the reader is.
        status.tabIndex = -1;
        status.focus();
      })
      .catch(() => {
        // Fall back to the plain form post (it lands at #feedback as well).
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = vote.name;
        input.value = vote.value;
        form.append(input);
        form.submit();
      });
  });
})();
