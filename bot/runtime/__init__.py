"""Running the app: the intake that accepts requests durably, the worker that runs tasks, CPU
slots, and (later) start-up, the HTTP server and logging.

May import everything in bot/ but handlers; only bot.app wires handlers in.
"""
