# goal: size < 150MB
# goal: no finding pip-no-cache-dir
# goal: no errors
FROM python:3.7
COPY . /app
WORKDIR /app
RUN pip install -r requirements.txt
CMD ["gunicorn", "-w 4", "main:app"]
