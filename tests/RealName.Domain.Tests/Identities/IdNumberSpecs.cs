using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RealName.Domain.Identities;
using static RealName.Domain.Tests.Identities.IdentityGenerators;

namespace RealName.Domain.Tests.Identities;

public sealed class IdNumberSpecs
{
    private const string PublishedVector = "11010519491231002X";

    [Fact]
    public void Should_accept_published_vector()
    {
        Assert.True(IdNumber.TryParse(PublishedVector, Today, out var id));
        Assert.Equal(PublishedVector, id.Value);
    }

    [Fact]
    public void Should_accept_published_vector_with_lowercase_x()
    {
        Assert.True(IdNumber.TryParse("11010519491231002x", Today, out var id));
        Assert.Equal(PublishedVector, id.Value);
    }

    [Fact]
    public void Should_ignore_surrounding_whitespace()
    {
        Assert.True(IdNumber.TryParse(" \t11010519491231002X\r\n ", Today, out var id));
        Assert.Equal(PublishedVector, id.Value);
    }

    [Fact]
    public void Should_expose_birth_date_and_sequence_digits()
    {
        Assert.True(IdNumber.TryParse(PublishedVector, Today, out var id));
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal("002", id.SequenceDigits);
    }

    [Fact]
    public void Should_mask_number_when_formatted()
    {
        Assert.True(IdNumber.TryParse(PublishedVector, Today, out var id));
        Assert.Equal("110***********002X", id.ToString());
        Assert.DoesNotContain(PublishedVector, $"checking {id}", StringComparison.Ordinal);
    }

    [Fact]
    public void Should_format_default_value_as_fully_masked()
    {
        Assert.Equal(string.Empty, default(IdNumber).Value);
        Assert.Equal(Masking.FullMask, default(IdNumber).ToString());
    }

    [Fact]
    public void Should_compute_X_as_check_character_of_published_vector() =>
        Assert.Equal('X', IdNumber.ComputeCheckCharacter("11010519491231002"));

    [Theory]
    [InlineData("")]
    [InlineData("1101051949123100")]
    [InlineData("110105194912310021")]
    [InlineData("1101051949123100A")]
    public void Should_refuse_to_compute_check_character_of_anything_but_17_digits(string body) =>
        Assert.Throws<ArgumentException>(() => IdNumber.ComputeCheckCharacter(body));

    [Fact]
    public void Should_change_check_character_when_any_single_body_digit_changes()
    {
        // MOD 11-2 detects every single-digit substitution: each weight is in 1..10 and each digit
        // difference in 1..9, so weight * difference is never divisible by the prime 11.
        // Checked exhaustively here for every position and replacement digit.
        const string body = "11010519491231002";
        var original = IdNumber.ComputeCheckCharacter(body);
        for (var position = 0; position < body.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == body[position])
                {
                    continue;
                }

                var mutated = string.Concat(body.AsSpan(0, position), [digit], body.AsSpan(position + 1));
                Assert.NotEqual(original, IdNumber.ComputeCheckCharacter(mutated));
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002X0")]
    [InlineData("110105194912310020")]
    [InlineData("11010519491231002Y")]
    [InlineData("1101051949123100X2")]
    [InlineData("110105 9491231002X")]
    [InlineData("\uFF111010519491231002X")]
    [InlineData("1101051949123100\u0662X")]
    public void Should_reject_malformed_input(string? input)
    {
        Assert.False(IdNumber.TryParse(input, Today, out var id));
        Assert.Equal(default, id);
    }

    [Theory]
    [InlineData("00010519491231002")]
    [InlineData("16010519491231002")]
    [InlineData("72010519491231002")]
    [InlineData("83010519491231002")]
    [InlineData("92010519491231002")]
    [InlineData("11010518991231002")]
    [InlineData("11010519000229002")]
    [InlineData("11010519490230002")]
    [InlineData("11010519491301002")]
    [InlineData("11010519490001002")]
    [InlineData("11010519491200002")]
    [InlineData("11010519491232002")]
    public void Should_reject_invalid_province_or_birth_date_even_with_correct_check_character(string body) =>
        Assert.False(IdNumber.TryParse(WithCheck(body), Today, out _));

    [Theory]
    [InlineData("91010520000229123", 2000, 2, 29)]
    [InlineData("82010519000101001", 1900, 1, 1)]
    [InlineData("71010520261123001", 2026, 11, 23)]
    public void Should_accept_boundary_birth_dates(string body, int year, int month, int day)
    {
        Assert.True(IdNumber.TryParse(WithCheck(body), Today, out var id));
        Assert.Equal(new DateOnly(year, month, day), id.BirthDate);
    }

    [Property]
    public Property Should_accept_any_valid_prefix_with_computed_check_character() =>
        Prop.ForAll(ValidIdNumbers.ToArbitrary(), number =>
            IdNumber.TryParse(number, Today, out var id)
            && id.Value == number
            && id.SequenceDigits == number.Substring(14, 3)
            && id.BirthDate.ToString("yyyyMMdd") == number.Substring(6, 8));

    [Property]
    public Property Should_reject_any_single_digit_substitution()
    {
        var mutations =
            from number in ValidIdNumbers
            from position in Gen.Choose(0, IdNumber.Length - 1)
            from digit in Gen.Choose('0', '9').Select(d => (char)d).Where(d => d != number[position])
            select string.Concat(number.AsSpan(0, position), [digit], number.AsSpan(position + 1));

        return Prop.ForAll(mutations.ToArbitrary(), mutated => !IdNumber.TryParse(mutated, Today, out _));
    }

    [Property]
    public Property Should_never_parse_wrong_length()
    {
        var wrongLengths =
            from number in ValidIdNumbers
            from length in Gen.Choose(0, 3 * IdNumber.Length).Where(l => l != IdNumber.Length)
            select string.Concat(number, number, number)[..length];

        return Prop.ForAll(wrongLengths.ToArbitrary(), input => !IdNumber.TryParse(input, Today, out _));
    }

    [Property]
    public Property Should_reject_birth_dates_after_today()
    {
        var futureBorn =
            from birthDate in DatesBetween(Today.AddDays(1), DateOnly.MaxValue)
            from body in Bodies(Gen.Constant(birthDate))
            select (Number: WithCheck(body), BirthDate: birthDate);

        // Parsing with the birth date itself as "today" proves the future date is the only fault.
        return Prop.ForAll(futureBorn.ToArbitrary(), sample =>
            !IdNumber.TryParse(sample.Number, Today, out _)
            && IdNumber.TryParse(sample.Number, sample.BirthDate, out _));
    }
}
