// The report's only script (inlined by pipeline.report.navigation). The page works without it:
// it marks where the reader is in the side contents, folds the contents away on a narrow
// screen, and shows a cue on tables and figures that scroll sideways.
(() => {
  document.documentElement.classList.add('js');
  const nav = document.getElementById('sidenav');
  const details = nav && nav.querySelector('details');
  const narrow = window.matchMedia('(max-width: 71.99rem)');
  if (details) {
    const fit = () => { details.open = !narrow.matches; };
    fit();
    narrow.addEventListener('change', fit);
    nav.addEventListener('click', (event) => {
      if (narrow.matches && event.target.closest('a')) details.open = false;
    });
  }
  const links = new Map();
  if (nav) {
    for (const a of nav.querySelectorAll('a[href^="#"]')) links.set(decodeURIComponent(a.hash.slice(1)), a);
  }
  const headings = Array.from(document.querySelectorAll('main h2[id], main h3[id]'))
    .filter((h) => links.has(h.id));
  let current = null;
  const mark = () => {
    if (!nav) return;
    let found = null;
    for (const h of headings) {
      if (h.getBoundingClientRect().top > 96) break;
      found = h;
    }
    const link = found ? links.get(found.id) : null;
    if (link === current) return;
    for (const a of nav.querySelectorAll('[aria-current], .here')) {
      a.removeAttribute('aria-current');
      a.classList.remove('here');
    }
    current = link;
    if (!link) return;
    link.setAttribute('aria-current', 'location');
    const chapter = link.closest('.side-nav-list > li');
    if (chapter) chapter.classList.add('here');
    const list = nav.querySelector('.side-nav-list');
    const box = list.getBoundingClientRect();
    const at = link.getBoundingClientRect();
    if (at.top < box.top || at.bottom > box.bottom) list.scrollTop += at.top - box.top - box.height / 3;
  };
  let pending = false;
  window.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; mark(); });
  }, { passive: true });
  mark();
  const cue = () => {
    for (const box of document.querySelectorAll('.table-wrap, .figure-scroll')) {
      box.classList.toggle('scrolls', box.scrollWidth > box.clientWidth + 1);
    }
  };
  cue();
  window.addEventListener('resize', cue);
})();
