"""Function words of the primary languages: evidence for language and for running text.

Small hand-made lists of the most frequent grammatical words. ``language`` counts the words only one
of two close languages writes (Ukrainian ``що``, ``він`` vs Russian ``что``, ``он``), so a word both
write must be in both lists; ``line_kinds`` uses the share of function words in a line to tell
running text from menus and labels.
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """
        a about above after again against all also am an and any are as at be because been before being
        between both but by can could did do does during each few for from further had has have he her here
        him his how i if in into is it its itself just me more most my no nor not now of off on once only or
        other our out over own same says said she should so some such than that the their them then there
        these they this those through to too under until up very was we were what when where which while who
        whom why will with would you your
        """.split()
    ),
    "ru": frozenset(
        """
        и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее её мне было
        вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас
        нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем
        была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем
        ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два
        об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем
        хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также
        который которые которая году года лет весь
        """.split()
    ),
    "uk": frozenset(
        """
        і й та в у на з із зі до не що як це він вона воно вони ми ви я ти його її їх їм йому від для за по
        але або чи ще вже також тому коли де там тут був була було були буде бути є цей ця ці цього цієї
        який яка яке які якщо щоб через після між проти без над під при про всі все весь свій своє своїх
        можна треба дуже може лише тільки навіть тоді саме році року рік щодо адже бо хоча ніж ось
        а я о об по так то ж же ну тут сам раз два три один нас вас вам них ним моя свою всю перед того
        себе будто ні мені мене тебе себе хто чим той такий теж потім нього більше всього багато завжди
        """.split()
    ),
}
ALL_FUNCTION_WORDS = frozenset().union(*FUNCTION_WORDS.values())
