# The estimates of `brobygger survey trend` done by R's survey package, for the benchmark
# (benchmarks/trend_bench.py): two waves of 300,000 (2013 stratified and clustered, 2017
# weights only) pooled as one design with wave-specific strata; per group and wave the severe
# prevalence with its logit interval (svyciprop) and the moderate share (svymean); the
# difference from 2013 (svycontrast on svyby, covmat = TRUE); the age-standardised
# prevalence (svystandardize, the default standard: 2013's weighted age distribution among
# the scored). Reads DIR/2013/clean.csv and DIR/2017/clean.csv; prints R's statistical time
# (reading the files excluded) and writes its answers to DIR/r_trend.csv after the timing.
# usage: Rscript trend_reference.R DIR
suppressMessages(library(survey))
dir <- commandArgs(TRUE)[1]
read <- function(w) read.csv(file.path(dir, w, "clean.csv"), colClasses = "character",
                             na.strings = "NA")
a <- read("2013"); b <- read("2017")
t0 <- Sys.time()
stack <- rbind(
  data.frame(wave = "2013", stratum = paste0("2013:", a$stratum), psu = paste0("2013:", a$psu),
             w = as.numeric(a$w), grp = a$grp, cls = a$cls),
  data.frame(wave = "2017", stratum = "2017", psu = paste0("2017:", seq_len(nrow(b))),
             w = as.numeric(b$w), grp = b$grp, cls = b$cls)
)
stack$cls[is.na(stack$cls)] <- ""
stack$grp[is.na(stack$grp)] <- ""
stack$scored <- stack$cls != ""
stack$severe <- as.numeric(stack$cls == "severe")
stack$moderate <- as.numeric(stack$cls == "moderate")
pooled <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = stack)
groups <- c("all", sort(unique(stack$grp[stack$grp != ""])))
ans <- list()
put <- function(group, wave, what, value)
  ans[[length(ans) + 1]] <<- data.frame(group = group, wave = wave, what = what, value = value)
for (g in groups) {
  in_group <- stack$scored & (g == "all" | stack$grp == g)
  for (wv in c("2013", "2017")) {
    d <- subset(pooled, in_group & wave == wv)
    ci <- svyciprop(~severe, d, method = "logit")
    put(g, wv, "severe_pct", 100 * as.numeric(ci))
    put(g, wv, "severe_pct_low", 100 * attr(ci, "ci")[[1]])
    put(g, wv, "severe_pct_high", 100 * attr(ci, "ci")[[2]])
    put(g, wv, "moderate_pct", 100 * coef(svymean(~moderate, d))[[1]])
  }
  pooled <- update(pooled, inside = in_group)
  by <- svyby(~severe, ~inside + wave, pooled, svymean, covmat = TRUE)
  con <- svycontrast(by, setNames(c(-1, 1), c("TRUE.2013", "TRUE.2017")))
  est <- 100 * coef(con)[[1]]; se <- 100 * SE(con)[[1]]
  put(g, "2017", "diff_pp", est)
  put(g, "2017", "diff_low", est - qnorm(0.975) * se)
  put(g, "2017", "diff_high", est + qnorm(0.975) * se)
  put(g, "2017", "diff_p", 2 * pnorm(-abs(est / se)))
}
aged <- subset(pooled, scored & grp != "")
first <- svytable(~grp, subset(aged, wave == "2013"))
std <- svystandardize(aged, by = ~grp, over = ~wave, population = as.vector(first) / sum(first))
sby <- svyby(~severe, ~wave, std, svymean)
for (i in 1:2) put("all", c("2013", "2017")[i], "severe_pct_std", 100 * coef(sby)[[i]])
cat(sprintf("%.3f\n", as.numeric(difftime(Sys.time(), t0, units = "secs"))))
write.csv(do.call(rbind, ans), file.path(dir, "r_trend.csv"), row.names = FALSE)
