"""Common given names, so that "Brent Schleisman" and "Julia Peters" are people, not towns.

Why a table: without spaCy's entities (the default of `conflictwire geoparse`, for speed),
recognition sees only capitalised words, and many given names and surnames are also the
names of small towns somewhere (Peters, California; Nadia, Romania; George, South Africa).
A given name right before another capitalised word marks that word as a surname, and the
given name itself is no place.  The names are written by hand from general knowledge of
names common in English-language news; names that are mostly places in news (Georgia,
Jordan, Victoria, Florence, Austin, Charlotte) are left out, and a large town or a
division is never rejected on this ground alone (see `_recognize`).
"""

from __future__ import annotations

__all__ = ["GIVEN_NAMES"]

GIVEN_NAMES = frozenset(
    """
    Aaron Abigail Adam Adrian Alan Albert Alex Alexander Alfred Alice Alicia Allison Amanda Amber Amy
    Andrea Andrew Andy Angela Anita Ann Anna Anne Annie Anthony Antonio April Arthur Ashley Audrey
    Barbara Barry Ben Benjamin Bernard Beth Betty Beverly Bill Billy Bob Bobby Bonnie Brad Bradley
    Brandon Brenda Brent Brett Brian Brittany Bruce Bryan Carl Carlos Carol Caroline Carolyn Catherine
    Chad Charles Charlie Cheryl Chris Christian Christina Christine Christopher Cindy Claire Clarence
    Colin Connie Craig Crystal Curtis Cynthia Dale Dan Daniel Danielle Danny Darren Dave David Dawn
    Dean Debbie Deborah Debra Denise Dennis Derek Diana Diane Dianne Don Donald Donna Doris Dorothy
    Doug Douglas Dustin Dwight Earl Ed Eddie Edward Eileen Elaine Eleanor Elizabeth Ellen Emily Emma
    Eric Erica Erik Erin Ernest Ethel Eugene Evan Evelyn Frances Francis Frank Fred Frederick Gail
    Gary Gene George Gerald Glen Glenn Gloria Gordon Grace Greg Gregory Hailey Harold Harry Heather
    Helen Henry Herbert Holly Howard Ian Irene Isaac Jack Jacob Jacqueline Jake James Jamie Jane Janet
    Janice Jared Jason Jean Jeff Jeffrey Jennifer Jenny Jeremy Jerry Jesse Jessica Jill Jim Jimmy Joan
    Joanne Joe Joel John Johnny Jon Jonathan Joseph Josh Joshua Joyce Juan Judith Judy Julia Julie
    Justin Karen Kate Katherine Kathleen Kathryn Kathy Katie Keith Kelly Ken Kenneth Kevin Kim
    Kimberly Kristen Kurt Kyle Larry Laura Lauren Lawrence Leonard Leslie Linda Lisa Lori Louis Lynn
    Marc Marcus Margaret Maria Marie Marilyn Mark Martha Marvin Mary Matt Matthew Megan Melissa
    Michael Michelle Mike Mildred Mitchell Monica Nancy Natalie Nathan Neil Nicholas Nicole Norman
    Pamela Patricia Patrick Patty Paul Paula Peggy Peter Phil Philip Phillip Phyllis Rachel Ralph
    Randy Ray Raymond Rebecca Renee Rhonda Richard Rick Rita Rob Robert Roberta Robin Rodney Roger
    Ron Ronald Ronnie Rose Rosemary Roy Russell Ruth Ryan Sally Samantha Samuel Sandra Sara Sarah
    Scott Sean Sharon Shawn Sheila Shelby Shirley Stacy Stephanie Stephen Steve Steven Stuart Susan
    Suzanne Tammy Tara Ted Teresa Terry Thomas Tiffany Tim Timothy Tina Todd Tom Tommy Tony Tracy
    Travis Troy Tyler Valerie Vanessa Vicki Victor Vincent Virginia Walter Wanda Wayne Wendy Wesley
    Willie Zachary Abraham Al Blake Caleb Casey Ginger Jay Kristen Les Louise Sam Trent Wade
    Alejandro Ana Angel Carmen Eduardo Fernando Francisco Javier Jorge Jose Luis Manuel Miguel Pedro Rafael
    Ricardo Roberto Rosa Sergio Socorro
    Nadia Ivan Igor Sergei Vladimir Dmitry Olga Pierre Jacques Hans Klaus
    """.split()  # noqa: SIM905 - a word list reads best as text
)
