using RealName.Cli.Interactive;

namespace RealName.Cli.Tests;

/// <summary>The prompt's line editor on a terminal, driven by scripted keys.</summary>
public sealed class LineEditorSpecs
{
    [Fact]
    public void Should_recall_earlier_lines_with_the_arrow_keys()
    {
        var editor = Editor(Type("cluster show"), Enter, Type("registry stats"), Enter, Up, Up, Enter, Up, Up, Up, Down, Enter);

        Assert.Equal("cluster show", editor.ReadLine("> "));
        Assert.Equal("registry stats", editor.ReadLine("> "));
        Assert.Equal("cluster show", editor.ReadLine("> "));
        Assert.Equal("registry stats", editor.ReadLine("> "));
        Assert.Equal(["cluster show", "registry stats"], editor.History.Take(2));
    }

    [Fact]
    public void Should_edit_inside_the_line()
    {
        var editor = Editor(Type("cluster shw"), Key(ConsoleKey.LeftArrow), Type("o"), Key(ConsoleKey.Home), Key(ConsoleKey.Delete), Type("C"), Key(ConsoleKey.End), Key(ConsoleKey.Backspace), Type("w"), Enter);

        Assert.Equal("Cluster show", editor.ReadLine("> "));
    }

    [Fact]
    public void Should_clear_the_line_on_escape_and_end_on_ctrl_d()
    {
        var editor = Editor(Type("oops"), Key(ConsoleKey.Escape), Type("cluster leader"), Enter, [new ConsoleKeyInfo('\u0004', ConsoleKey.D, false, false, true)]);

        Assert.Equal("cluster leader", editor.ReadLine("> "));
        Assert.Null(editor.ReadLine("> "));
    }

    private static readonly ConsoleKeyInfo[] Enter = Key(ConsoleKey.Enter, '\r');
    private static readonly ConsoleKeyInfo[] Up = Key(ConsoleKey.UpArrow);
    private static readonly ConsoleKeyInfo[] Down = Key(ConsoleKey.DownArrow);

    private static LineEditor Editor(params IEnumerable<ConsoleKeyInfo>[] keys)
    {
        var queue = new Queue<ConsoleKeyInfo>(keys.SelectMany(k => k));
        return new LineEditor(queue.Dequeue, new StringWriter());
    }

    private static ConsoleKeyInfo[] Type(string text) =>
        text.Select(c => new ConsoleKeyInfo(c, char.IsLetter(c) ? Enum.Parse<ConsoleKey>(char.ToUpperInvariant(c).ToString()) : ConsoleKey.Spacebar, char.IsUpper(c), false, false)).ToArray();

    private static ConsoleKeyInfo[] Key(ConsoleKey key, char c = '\0') => [new ConsoleKeyInfo(c, key, false, false, false)];
}
