using System.Text;
using System.Text.RegularExpressions;

namespace RealName.Host.Tests.Docs;

/// <summary>
/// Turns a README curl walkthrough into a bash script that runs it as written against a test node: the README's
/// addresses become the node's, <c>tools/sign.sh</c> the repository's, and each placeholder the reader fills in by
/// hand (<c>ID=vs_…</c>) is read from the answer before it. Every <c>curl</c> must answer 2xx, or the 4xx its
/// comment names (<c># 429 resend_too_soon …</c>).
/// </summary>
internal static partial class CurlWalkthrough
{
    public const string PublicUrl = "http://127.0.0.1:5080";
    public const string AdminUrl = "http://127.0.0.1:9110";

    /// <summary>How each placeholder is read from the last answer: a session id, the scan URL's token, the face check's token.</summary>
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["ID"] = """grep -o '"id":"vs_[a-z0-9]*"' "$W/last" | head -n1 | cut -d'"' -f4""",
        ["TOKEN"] = """grep -o '[?&]t=[^"&]*' "$W/last" | head -n1 | cut -c4-""",
        ["BIZ"] = """grep -o '"bizToken":"[^"]*"' "$W/last" | head -n1 | cut -d'"' -f4""",
    };

    // Wraps curl: keeps each answer in $W/last (and prints it), and fails on a status other than the expected one.
    private const string Prelude = """
        set -euo pipefail
        curl() {
          local status
          status=$(command curl "$@" -o "$W/last" -w '%{http_code}')
          cat "$W/last"; echo
          if [[ "$status" != ${EXPECT:-2??} ]]; then echo "HTTP $status (expected ${EXPECT:-2xx}): curl $*" >&2; return 1; fi
        }

        """;

    public static string Script(IEnumerable<string> blocks, Uri node, Uri admin, string repository, string workFolder)
    {
        var script = new StringBuilder(Prelude);
        script.Append("W=").Append(Quote(workFolder)).Append("; cd \"$W\"\n");
        foreach (var block in blocks)
        {
            foreach (var line in Commands(block))
                script.Append(Translate(line, node, admin, repository)).Append('\n');
            script.Append("echo '::end of block::'\n");
        }
        return script.ToString();
    }

    /// <summary>The block's commands: continuation lines joined, comment lines dropped.</summary>
    private static IEnumerable<string> Commands(string block)
    {
        var pending = new StringBuilder();
        foreach (var raw in block.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (pending.Length == 0 && (line.Length == 0 || line.TrimStart().StartsWith('#')))
                continue;
            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }
            pending.Append(line);
            yield return pending.ToString();
            pending.Clear();
        }
    }

    private static string Translate(string command, Uri node, Uri admin, string repository)
    {
        var comment = TrailingComment().Match(command);
        var code = comment.Success ? command[..comment.Index] : command;
        code = code.Replace(PublicUrl, node.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace(AdminUrl, admin.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("tools/sign.sh", Quote(Path.Combine(repository, "tools", "sign.sh")), StringComparison.Ordinal);

        var placeholder = Placeholder().Match(code);
        if (placeholder.Success)
        {
            var name = placeholder.Groups[1].Value;
            Assert.True(Placeholders.TryGetValue(name, out var read), $"the walkthrough fills in {name} by hand; teach {nameof(CurlWalkthrough)} where to read it");
            return $"{name}=$({read}); [ -n \"${name}\" ] || {{ echo 'no {name} in the last answer' >&2; exit 1; }}";
        }
        var expected = comment.Success ? ClientError().Match(comment.Value) : Match.Empty;
        return expected.Success && code.StartsWith("curl ", StringComparison.Ordinal) ? $"EXPECT={expected.Value} {code}" : code;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"\s{2,}#\s.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"^([A-Z]+)=[^\s$]*…$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b4\d\d\b")]
    private static partial Regex ClientError();
}
