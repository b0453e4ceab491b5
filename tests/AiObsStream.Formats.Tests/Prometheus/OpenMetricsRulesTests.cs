using System.Text;
using AiObsStream.Core.Events;
using AiObsStream.Formats.Prometheus;

namespace AiObsStream.Formats.Tests.Prometheus;

/// <summary>
/// Table-driven cases written from the OpenMetrics 1.0 specification (ABNF and data model), one or more per rule, in
/// the shape of the OpenMetrics parser conformance suite: each case is a whole exposition that must parse, or must be
/// rejected with a message naming the rule it breaks. The dialect is not forced: it is decided as for a file.
/// </summary>
public class OpenMetricsRulesTests
{
    public static TheoryData<string, string> Valid => new()
    {
        { "counter_with_help", "# TYPE jobs counter\n# HELP jobs Jobs done.\njobs_total 3\n# EOF\n" },
        { "counter_beyond_int64", "# TYPE jobs counter\njobs_total 18446744073709551616\n# EOF\n" },
        { "gauge_leading_zeros", "# TYPE depth gauge\ndepth 0007.50e-1\ndepth2 000000000000000000042\n# EOF\n" },
        { "gauge_nan_and_infinities", "# TYPE t gauge\nt{k=\"a\"} NaN\nt{k=\"b\"} +Inf\nt{k=\"c\"} -inf\n# EOF\n" },
        { "unit_suffix", "# TYPE wait_seconds gauge\n# UNIT wait_seconds seconds\n# HELP wait_seconds Wait.\nwait_seconds 2\n# EOF\n" },
        { "help_before_type", "# HELP q Queue.\n# TYPE q counter\nq_total 1\n# EOF\n" },
        { "empty_help_and_unit", "# HELP idle \n# UNIT idle \n# EOF\n" },
        { "type_unknown", "# TYPE misc unknown\nmisc{x=\"1\"} 10.0\nmisc{x=\"2\"} 12.0\n# EOF\n" },
        { "no_metadata", "lonely 1\n# EOF\n" },
        { "empty_exposition", "# EOF\n" },
        { "no_newline_after_eof", "# TYPE g gauge\ng 1\n# EOF" },
        { "summary_count_sum_quantiles", "# TYPE rt summary\nrt_count 4\nrt_sum 2.5\nrt{quantile=\"0.5\"} 0.6\nrt{quantile=\"1\"} 0.9\n# EOF\n" },
        { "summary_points_with_timestamps", "# TYPE rt summary\nrt_count{p=\"a\"} 0 123\nrt_sum{p=\"a\"} 0 123\nrt_count{p=\"a\"} 1 456\nrt_sum{p=\"a\"} 1 456\n# EOF\n" },
        { "histogram_simple", "# TYPE lat histogram\nlat_bucket{le=\"0.5\"} 1\nlat_bucket{le=\"+Inf\"} 4\nlat_count 4\nlat_sum 3.25\nlat_created 1700000000.5\n# EOF\n" },
        { "histogram_noncanonical_le", "# TYPE lat histogram\nlat_bucket{le=\"0\"} 0\nlat_bucket{le=\"1.1e-4\"} 0\nlat_bucket{le=\"1e+05\"} 0\nlat_bucket{le=\"10000000000\"} 2\nlat_bucket{le=\"+Inf\"} 2\nlat_count 2\nlat_sum 5\n# EOF\n" },
        { "histogram_negative_buckets_without_sum", "# TYPE temp histogram\ntemp_bucket{le=\"-5.0\"} 1\ntemp_bucket{le=\"5.0\"} 2\ntemp_bucket{le=\"+Inf\"} 3\n# EOF\n" },
        { "histogram_exemplars", "# TYPE lat histogram\nlat_bucket{le=\"1.0\"} 0 # {trace=\"x1\"} 0.25\nlat_bucket{le=\"+Inf\"} 3 # {trace=\"" + new string('z', 123) + "\"} 7 1700000000\n# EOF\n" },
        { "gaugehistogram_negative", "# TYPE inq gaugehistogram\ninq_bucket{le=\"-1.0\"} 2\ninq_bucket{le=\"+Inf\"} 5\ninq_gcount 5\ninq_gsum -3\n# EOF\n" },
        { "gaugehistogram_exemplars_and_timestamps", "# TYPE inq gaugehistogram\ninq_bucket{le=\"1.0\"} 1 99 # {id=\"q\"} 0.5\ninq_bucket{le=\"+Inf\"} 2 99 # {id=\"r\"} 3 99\n# EOF\n" },
        { "counter_exemplar_empty_braces", "# TYPE hits counter\nhits_total{} 5 10 # {span=\"s\"} 1\n# EOF\n" },
        { "info_with_timestamps", "# TYPE build info\nbuild_info{v=\"1\",rev=\"a\"} 1 5\nbuild_info{v=\"2\",rev=\"a\"} 1.0 0\n# EOF\n" },
        { "stateset", "# TYPE mode stateset\nmode{mode=\"on\"} 1\nmode{mode=\"off\"} 0.0\n# EOF\n" },
        { "tiny_increasing_timestamps", "# TYPE g gauge\ng{s=\"1\"} 1 0.0000000000\ng{s=\"1\"} 2 0.0000000001\ng{s=\"2\"} 3 0.0\n# EOF\n" },
        { "label_values_with_braces_and_hash", "# TYPE c counter\nc_total{a=\"x{y}z\",b=\"p # q\"} 1\n# EOF\n" },
        { "empty_label_value", "# TYPE c counter\nc_total{a=\"v\"} 1\nc_total{a=\"\"} 2\n# EOF\n" },
        { "escapes_in_label_values", "# TYPE c counter\nc_total{a=\"q\\\"u\\\\o\\nte\"} 1\nc_total{a=\"back\\\\slash and \\q literal\"} 2\n# EOF\n" },
        { "help_escapes_and_nul", "# TYPE c counter\n# HELP c line\\nbreak \\\\ and \\t and \0 nul\nc_total 1\n# EOF\n" },
        { "timestamp_forms", "# TYPE c counter\nc_total{s=\"1\"} 1 000\nc_total{s=\"2\"} 1 0.0\nc_total{s=\"3\"} 1 1.1\nc_total{s=\"4\"} 1 12345678901234567890.1234567890\nc_total{s=\"5\"} 1 1.5e3\n# EOF\n" },
        { "two_families", "# TYPE a gauge\na 1\n# TYPE b counter\nb_total 2\n# EOF\n" },
    };

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "blank_line", "z 1\n\n# EOF\n", "empty line" },
        { "text_after_eof", "z 1\n# EOF\nz 2\n", "content after '# EOF'" },
        { "eof_with_suffix", "z 1\n# EOFX\n", "allows no comments" },
        { "no_eof", "# TYPE c counter\nc_total 1\n", "does not end with '# EOF'" },
        { "carriage_return", "z 1\r\n# EOF\n", "carriage return" },
        { "label_value_unquoted", "z{k=1} 1\n# EOF\n", "expected to open the value" },
        { "label_value_unterminated", "z{k=\"1} 1\n# EOF\n", "unterminated" },
        { "label_value_single_quotes", "z{k='1'} 1\n# EOF\n", "expected to open the value" },
        { "label_without_equals", "z{k} 1\n# EOF\n", "'=' expected" },
        { "label_without_value", "z{k=} 1\n# EOF\n", "expected to open the value" },
        { "labels_without_comma", "z{k=\"1\"j=\"2\"} 1\n# EOF\n", "',' or '}' expected" },
        { "labels_double_comma", "z{k=\"1\",,j=\"2\"} 1\n# EOF\n", "label name expected" },
        { "labels_trailing_comma", "z{k=\"1\",j=\"2\",} 1\n# EOF\n", "trailing comma" },
        { "label_name_digit", "z{9=\"1\"} 1\n# EOF\n", "label name expected" },
        { "label_name_duplicate", "z{k=\"1\",k=\"2\"} 1\n# EOF\n", "duplicate label name" },
        { "label_value_invalid_utf8", "z{k=\"\u00ff\"} 1\n# EOF\n", "invalid UTF-8" },
        { "value_missing", "z\n# EOF\n", "missing value" },
        { "value_missing_after_space", "z \n# EOF\n", "missing value" },
        { "help_without_name", "# HELP\n# EOF\n", "one space expected after the keyword" },
        { "help_without_space_after_name", "# HELP z\n# EOF\n", "help text expected" },
        { "help_tab", "# HELP z\t\n# EOF\n", "one space expected after the metric name" },
        { "help_leading_space", " # HELP z text\n# EOF\n", "metric name expected" },
        { "type_without_type", "# TYPE z\n# EOF\n", "metric type expected" },
        { "type_unknown_word", "# TYPE z meter\n# EOF\n", "unknown metric type" },
        { "type_trailing_space", "# TYPE z gauge \n# EOF\n", "end of line expected" },
        { "type_untyped", "# TYPE z untyped\n# EOF\n", "unknown metric type" },
        { "unit_without_space", "# UNIT z\n# EOF\n", "unit expected" },
        { "unit_not_suffix", "# UNIT z bytes\n# EOF\n", "is not a suffix" },
        { "unit_trailing_space", "# UNIT z_bytes bytes \n# EOF\n", "end of line expected" },
        { "unit_on_info", "# TYPE v_x info\n# UNIT v_x x\n# EOF\n", "must have an empty UNIT" },
        { "unit_on_stateset", "# TYPE v_x stateset\n# UNIT v_x x\n# EOF\n", "must have an empty UNIT" },
        { "type_after_samples", "# HELP z h\nz 1\n# TYPE z gauge\n# EOF\n", "after its samples" },
        { "help_after_samples", "# TYPE z gauge\nz 1\n# HELP z h\n# EOF\n", "after its samples" },
        { "help_repeated", "# HELP z a\n# HELP z a\n# EOF\n", "repeated HELP" },
        { "type_repeated", "# TYPE z gauge\n# TYPE z gauge\n# EOF\n", "repeated TYPE" },
        { "unit_repeated", "# UNIT z_s s\n# UNIT z_s s\n# EOF\n", "repeated UNIT" },
        { "unknown_keyword", "# NOTE z x\n# EOF\n", "allows no comments" },
        { "name_starts_with_digit", "1z 1\n# EOF\n", "metric name expected" },
        { "name_with_dot", "z.y 1\n# EOF\n", "blank before the value" },
        { "value_word", "z v\n# EOF\n", "is not a number" },
        { "value_two_spaces", "z  1\n# EOF\n", "exactly one space" },
        { "value_then_tab", "z 1\t\n# EOF\n", "missing timestamp" },
        { "value_then_space", "z 1 \n# EOF\n", "missing timestamp" },
        { "value_underscore", "z 1_0\n# EOF\n", "is not a number" },
        { "value_hex", "z 0x1A\n# EOF\n", "is not a number" },
        { "timestamp_word", "z 1 t\n# EOF\n", "timestamp" },
        { "timestamp_two_dots", "z 1 1.2.3\n# EOF\n", "timestamp" },
        { "timestamp_nan", "z 1 NaN\n# EOF\n", "timestamp" },
        { "timestamp_inf", "z 1 +Inf\n# EOF\n", "timestamp" },
        { "exemplar_hash_only", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 #\n# EOF\n", "exemplar" },
        { "exemplar_no_space_before_hash", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1# {} 1\n# EOF\n", "is not a number" },
        { "exemplar_no_space_after_hash", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 #{} 1\n# EOF\n", "exemplar '# {'" },
        { "exemplar_no_space_before_value", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 # {}1\n# EOF\n", "exemplar value" },
        { "exemplar_trailing_space", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 # {} 1 \n# EOF\n", "exemplar timestamp" },
        { "exemplar_labels_too_long", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 # {t=\"" + new string('z', 128) + "\"} 1\n# EOF\n", "must not exceed 128" },
        { "exemplar_hex_value", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 # {} 0x1\n# EOF\n", "exemplar value" },
        { "exemplar_on_histogram_sum", "# TYPE h histogram\nh_sum 1 # {a=\"b\"} 0.5\n# EOF\n", "exemplars are allowed on" },
        { "exemplar_on_counter_created", "# TYPE c counter\nc_created 1 # {a=\"b\"} 0.5\n# EOF\n", "exemplars are allowed on" },
        { "exemplar_on_gauge", "# TYPE g gauge\ng 1 # {a=\"b\"} 1\n# EOF\n", "exemplars are allowed on" },
        { "exemplar_on_info", "# TYPE i info\ni_info 1 # {a=\"b\"} 1\n# EOF\n", "exemplars are allowed on" },
        { "exemplar_on_stateset", "# TYPE s stateset\ns{s=\"b\"} 1 # {c=\"d\"} 1\n# EOF\n", "exemplars are allowed on" },
        { "stateset_value_two", "# TYPE s stateset\ns{s=\"b\"} 2\n# EOF\n", "must be 0 or 1" },
        { "stateset_without_state_label", "# TYPE s stateset\ns 0\n# EOF\n", "no label named 's'" },
        { "info_value_two", "# TYPE i info\ni_info{a=\"b\"} 2\n# EOF\n", "must be 1" },
        { "info_without_suffix", "# TYPE i info\ni 1\n# EOF\n", "not a valid sample name" },
        { "summary_quantile_label_missing", "# TYPE r summary\nr 0\n# EOF\n", "no 'quantile' label" },
        { "summary_quantile_negative", "# TYPE r summary\nr{quantile=\"-0.5\"} 0\n# EOF\n", "between 0 and 1" },
        { "summary_quantile_word", "# TYPE r summary\nr{quantile=\"half\"} 0\n# EOF\n", "between 0 and 1" },
        { "summary_quantile_above_one", "# TYPE r summary\nr{quantile=\"1.5\"} 0\n# EOF\n", "between 0 and 1" },
        { "summary_quantile_nan", "# TYPE r summary\nr{quantile=\"NaN\"} 0\n# EOF\n", "between 0 and 1" },
        { "histogram_bucket_without_le", "# TYPE h histogram\nh_bucket 0\n# EOF\n", "no 'le' label" },
        { "gaugehistogram_bucket_without_le", "# TYPE h gaugehistogram\nh_bucket 0\n# EOF\n", "no 'le' label" },
        { "counter_nan", "# TYPE c counter\nc_total NaN\n# EOF\n", "must not be NaN or negative" },
        { "counter_negative", "# TYPE c counter\nc_total -2\n# EOF\n", "must not be NaN or negative" },
        { "histogram_sum_nan", "# TYPE h histogram\nh_sum NaN\n# EOF\n", "must not be NaN or negative" },
        { "histogram_count_negative", "# TYPE h histogram\nh_count -1\n# EOF\n", "non-negative integer" },
        { "histogram_bucket_nan", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} NaN\n# EOF\n", "non-negative integer" },
        { "histogram_bucket_fraction", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1.5\n# EOF\n", "non-negative integer" },
        { "histogram_negative_le_with_sum", "# TYPE h histogram\nh_bucket{le=\"-2.0\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1\n# EOF\n", "negative thresholds and a _sum" },
        { "gaugehistogram_bucket_negative", "# TYPE h gaugehistogram\nh_bucket{le=\"+Inf\"} -1\n# EOF\n", "non-negative integer" },
        { "gaugehistogram_gsum_nan", "# TYPE h gaugehistogram\nh_bucket{le=\"+Inf\"} 1\nh_gcount 1\nh_gsum NaN\n# EOF\n", "must not be NaN" },
        { "gaugehistogram_gsum_negative", "# TYPE h gaugehistogram\nh_bucket{le=\"+Inf\"} 1\nh_gsum -1\nh_gcount 1\n# EOF\n", "negative without negative thresholds" },
        { "summary_sum_nan", "# TYPE r summary\nr_sum NaN\n# EOF\n", "must not be NaN or negative" },
        { "summary_count_fraction", "# TYPE r summary\nr_count 0.5\n# EOF\n", "non-negative integer" },
        { "summary_quantile_value_negative", "# TYPE r summary\nr{quantile=\"0.9\"} -1\n# EOF\n", "must not be negative" },
        { "histogram_sum_without_buckets", "# TYPE h histogram\nh_sum 1\n# EOF\n", "no bucket with le=\"+Inf\"" },
        { "histogram_sum_without_count", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\n# EOF\n", "without _count" },
        { "histogram_count_without_sum", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 0\nh_count 0\n# EOF\n", "without _sum" },
        { "histogram_count_differs", "# TYPE h histogram\nh_count 2\nh_sum 1\nh_bucket{le=\"+Inf\"} 1\n# EOF\n", "differs from its +Inf bucket" },
        { "histogram_le_upper_case_inf", "# TYPE h histogram\nh_bucket{le=\"+INF\"} 0\n# EOF\n", "not a number or \"+Inf\"" },
        { "histogram_le_decreasing", "# TYPE h histogram\nh_bucket{le=\"3\"} 0\nh_bucket{le=\"2\"} 0\nh_bucket{le=\"+Inf\"} 0\n# EOF\n", "must increase" },
        { "histogram_not_cumulative", "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"+Inf\"} 2\n# EOF\n", "must be cumulative" },
        { "histogram_metrics_interleaved", "# TYPE h histogram\nh_bucket{k=\"1\",le=\"+Inf\"} 0\nh_bucket{k=\"2\",le=\"+Inf\"} 0\nh_count{k=\"1\"} 0\n# EOF\n", "interleaved" },
        { "families_interleaved", "# TYPE r summary\nr_sum 0\nother 1\nr_count 0\n# EOF\n", "interleaved" },
        { "timestamps_decreasing", "# TYPE g gauge\ng 0 2\ng 0 1\n# EOF\n", "goes back" },
        { "timestamps_negative_decreasing", "# TYPE g gauge\ng 0 -1\ng 0 -1.5\n# EOF\n", "goes back" },
        { "timestamp_then_none", "# TYPE g gauge\ng 0 1\ng 0\n# EOF\n", "without timestamps" },
        { "none_then_timestamp", "# TYPE g gauge\ng 0\ng 0 1\n# EOF\n", "without timestamps" },
        { "counter_clashes_with_created_gauge", "# TYPE c_created gauge\n# TYPE c counter\n# EOF\n", "would produce samples named" },
        { "gauge_clashes_with_counter_total", "# TYPE c counter\n# TYPE c_total gauge\n# EOF\n", "clashes with a sample name" },
        { "type_changed", "# TYPE c info\n# TYPE c counter\n# EOF\n", "repeated TYPE" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_ValidExposition_Accepted(string name, string text)
    {
        var (ok, rejects, failure) = Parse(text);
        Assert.True(ok, $"{name}: {failure.Message}");
        Assert.Empty(rejects);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_InvalidExposition_RejectedWholeWithRule(string name, string text, string rule)
    {
        var (ok, _, failure) = Parse(text);
        Assert.False(ok, name);
        Assert.Equal(RejectReason.Malformed, failure.Reason);
        Assert.Contains(rule, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_HugeTimestampOnDcgmSample_OnlyThatSampleIsInvalidValue()
    {
        var parser = new PrometheusUnitParser();
        using var output = new EventBuffer();
        var rejects = new List<ParseError>();
        var ok = parser.TryParse(Encoding.UTF8.GetBytes(
            "# TYPE DCGM_FI_DEV_GPU_TEMP gauge\nDCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61 12345678901234567890.5\n"
            + "DCGM_FI_DEV_GPU_TEMP{gpu=\"1\"} 62 1795345957.25\n# EOF\n"), output, rejects, out var failure);
        Assert.True(ok, failure.Message);
        Assert.Equal(1795345957250L, Assert.Single(output.Span.ToArray()).TimeUnixMs);
        var reject = Assert.Single(rejects);
        Assert.Equal(RejectReason.InvalidValue, reject.Reason);
        Assert.Contains("outside the range of int64 milliseconds", reject.Message, StringComparison.Ordinal);
    }

    private static (bool Ok, List<ParseError> Rejects, ParseError Failure) Parse(string text)
    {
        // Latin-1 keeps a \u00ff char as the single (invalid UTF-8) byte 0xFF; every other case is ASCII.
        var bytes = text.Contains('\u00ff', StringComparison.Ordinal) ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
        var parser = new PrometheusUnitParser { DefaultTimeUnixMs = 1_795_345_957_000 };
        using var output = new EventBuffer();
        var rejects = new List<ParseError>();
        var ok = parser.TryParse(bytes, output, rejects, out var failure);
        return (ok, rejects, failure);
    }
}
