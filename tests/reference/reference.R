# Reference values for the pipeline's statistics, computed independently in R from the raw
# fixture export (tests/data/reference/raw/ringvik-referanse/svar.csv), written to
# tests/reference/reference.csv. The Python tests (tests/test_reference_r.py) compare the
# pipeline's results.json with that CSV, so CI needs no R.
#
# Run from the repository root (base R only: Debian's r-base-core):
#     Rscript tests/reference/reference.R
#
# Everything is recomputed from the export here, not from the pipeline's outputs: which
# answers are on the scale, who is in which comparison group (respondents who rated both the
# employee and the leader item count as leaders only: the default overlap rule), the counts.
# Methods, each as the pipeline's method record names it:
#   Wilson interval          prop.test(x, n, correct = FALSE)$conf.int
#   Newcombe (1998) method 10  written out below from the paper (square-and-add of Wilson limits)
#   chi-square independence  chisq.test(table, correct = FALSE); Cramér's V = sqrt(X2 / (n (min(r, c) - 1)))
#   chi-square goodness of fit chisq.test(observed, p = invited shares)
#   two proportions          fisher.test when an expected count is < 5, else prop.test(correct = FALSE)
#                            (the pooled z-test: its p-value equals the 1-df chi-square's)
#   Mann–Whitney U           wilcox.test(b, a, exact = FALSE, correct = TRUE): W is U of b, ties corrected
#   Holm                     p.adjust(p, "holm") over each family (proportion tests; Mann–Whitney tests)
#   mean on the scale        t.test(scores)$conf.int, scores 1..5
#   margin of error          z sqrt(p (1 - p) / n) sqrt((N - n) / (N - 1)), p = 0.5, z = qnorm(0.975)

export <- "tests/data/reference/raw/ringvik-referanse/svar.csv"
out_file <- "tests/reference/reference.csv"

d <- read.csv(export, sep = ";", encoding = "UTF-8", colClasses = "character",
              check.names = FALSE, na.strings = "")
col <- function(header) d[[header]]

sectors <- c("Oppvekst", "Helse", "Teknisk")
invited <- c(Oppvekst = 60, Helse = 55, Teknisk = 35)
enig <- c("Helt uenig", "Litt uenig", "Nøytral", "Litt enig", "Helt enig")
godt <- c("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt")
z <- qnorm(0.975)

out <- data.frame(statistic = character(), value = character(), stringsAsFactors = FALSE)
put <- function(name, value) {
  text <- if (is.character(value)) value else sprintf("%.17g", value)
  out[nrow(out) + 1, ] <<- c(name, text)
}

wilson <- function(x, n) {
  ci <- suppressWarnings(prop.test(x, n, correct = FALSE)$conf.int)
  c(ci[1], ci[2])
}
put_share <- function(prefix, x, n) {
  ci <- wilson(x, n)
  put(paste0(prefix, ".k"), x)
  put(paste0(prefix, ".n"), n)
  put(paste0(prefix, ".p"), x / n)
  put(paste0(prefix, ".ci_low"), ci[1])
  put(paste0(prefix, ".ci_high"), ci[2])
}

# Newcombe, R. G. (1998). Interval estimation for the difference between independent
# proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890; method 10.
wilson_formula <- function(x, n) {
  p <- x / n
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2)) / (1 + z^2 / n)
  c(centre - half, centre + half)
}
newcombe <- function(x1, n1, x2, n2) {
  p1 <- x1 / n1
  p2 <- x2 / n2
  w1 <- wilson_formula(x1, n1)
  w2 <- wilson_formula(x2, n2)
  d <- p1 - p2
  c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

margin <- function(n, N) {
  base <- z * sqrt(0.25 / n)
  c(base, base * sqrt((N - n) / (N - 1)))
}

# --- A Likert item asked of everyone: shares of the answers on the scale ("Vet ikke" left out)
trivsel <- col("Jeg trives på jobben")
on_scale <- trivsel[!is.na(trivsel) & trivsel %in% enig]
for (label in enig) put_share(paste0("trivsel.", label), sum(on_scale == label), length(on_scale))
scores <- match(on_scale, enig)
tt <- t.test(scores)
put("trivsel.mean", mean(scores))
put("trivsel.mean_ci_low", tt$conf.int[1])
put("trivsel.mean_ci_high", tt$conf.int[2])
m <- margin(length(on_scale), sum(invited))
put("trivsel.margin_of_error.without_fpc", m[1])
put("trivsel.margin_of_error.with_fpc", m[2])

# --- A yes/no share compared across the sectors
samtale <- col("Har du hatt utviklingssamtale det siste året?")
sektor <- col("Sektor")
answered <- !is.na(samtale) & !is.na(sektor)
table <- t(sapply(sectors, function(s) {
  in_s <- answered & sektor == s
  c(sum(in_s & samtale == "Ja"), sum(in_s & samtale != "Ja"))
}))
for (i in seq_along(sectors)) put_share(paste0("samtale.", sectors[i]), table[i, 1], sum(table[i, ]))
put_share("samtale.total", sum(table[, 1]), sum(table))
chi <- chisq.test(table, correct = FALSE)
put("samtale.chi2", unname(chi$statistic))
put("samtale.dof", unname(chi$parameter))
put("samtale.p", chi$p.value)
put("samtale.cramers_v", sqrt(unname(chi$statistic) / (sum(table) * (min(dim(table)) - 1))))

# --- Employees and leaders rating the same aspects; those in both count as leaders only
pairs <- list(
  Kontakt = c("Hvordan vurderer du oppfølgingen du fikk? - Kontakt",
              "Hvordan vurderer du oppfølgingen du har gitt? - Kontakt"),
  Plan = c("Hvordan vurderer du oppfølgingen du fikk? - Plan",
           "Hvordan vurderer du oppfølgingen du har gitt? - Plan")
)
p_prop <- c()
p_mwu <- c()
for (label in names(pairs)) {
  a_all <- col(pairs[[label]][1])
  b_all <- col(pairs[[label]][2])
  rated_a <- !is.na(a_all) & a_all %in% godt
  rated_b <- !is.na(b_all) & b_all %in% godt
  in_a <- rated_a & !rated_b
  a <- a_all[in_a]
  b <- b_all[rated_b]
  put(paste0("gap.", label, ".moved"), sum(rated_a & rated_b))
  xa <- sum(a %in% c("Godt", "Svært godt"))
  xb <- sum(b %in% c("Godt", "Svært godt"))
  put_share(paste0("gap.", label, ".share_a"), xa, length(a))
  put_share(paste0("gap.", label, ".share_b"), xb, length(b))
  nc <- newcombe(xb, length(b), xa, length(a))
  put(paste0("gap.", label, ".gap.difference"), nc[1])
  put(paste0("gap.", label, ".gap.ci_low"), nc[2])
  put(paste0("gap.", label, ".gap.ci_high"), nc[3])
  t2 <- matrix(c(xb, length(b) - xb, xa, length(a) - xa), nrow = 2, byrow = TRUE)
  expected <- outer(rowSums(t2), colSums(t2)) / sum(t2)
  if (any(expected < 5)) {
    put(paste0("gap.", label, ".test"), "fisher_exact")
    p <- fisher.test(t2)$p.value
  } else {
    put(paste0("gap.", label, ".test"), "z_test")
    p <- prop.test(c(xb, xa), c(length(b), length(a)), correct = FALSE)$p.value
  }
  put(paste0("gap.", label, ".p"), p)
  p_prop[label] <- p
  w <- wilcox.test(match(b, godt), match(a, godt), exact = FALSE, correct = TRUE)
  put(paste0("gap.", label, ".mwu.u"), unname(w$statistic))
  put(paste0("gap.", label, ".mwu.p"), w$p.value)
  p_mwu[label] <- w$p.value
}
holm_prop <- p.adjust(p_prop, "holm")
holm_mwu <- p.adjust(p_mwu, "holm")
for (label in names(pairs)) {
  put(paste0("gap.", label, ".p_holm"), holm_prop[[label]])
  put(paste0("gap.", label, ".mwu.p_holm"), holm_mwu[[label]])
}

# --- The survey: margin of error for the completed respondents, representativeness
completed <- sum(col("Status") == "Fullført")
m <- margin(completed, sum(invited))
put("response.margin_of_error.n", completed)
put("response.margin_of_error.without_fpc", m[1])
put("response.margin_of_error.with_fpc", m[2])
observed <- sapply(sectors, function(s) sum(!is.na(sektor) & sektor == s))
gof <- chisq.test(observed, p = invited[sectors] / sum(invited))
put("response.representativeness.chi2", unname(gof$statistic))
put("response.representativeness.p", gof$p.value)

write.csv(out, out_file, row.names = FALSE, fileEncoding = "UTF-8")
